/**
 * Reading pins and the Pin/Unpin commands are a bundle of their own, dist/pins.js (src/pins/),
 * required on first use: activation never reads it. It gets the extension's own modules from
 * SHARED (scripts/build.mjs, LAZY, resolves its imports to them and fails when one is missing).
 */
import { findBinding } from '../api';
import { Cmd, Item } from '../config/ids';
import { errorText } from '../ui/language';
import { showInfo } from '../ui/safety';
import { loadLazy } from '../commands/lazy';
import { BindingNode } from './nodes';
import { MessageNode } from './node';
import { MAX_PINS } from './pins';

/** What dist/pins.js takes from the extension, by module path from the repository's root. */
const SHARED: Record<string, Record<string, unknown>> = {
  'src/api/index.ts': { findBinding },
  'src/config/ids.ts': { Cmd, Item },
  'src/ui/language.ts': { errorText },
  'src/ui/safety.ts': { showInfo },
  'src/tree/nodes.ts': { BindingNode },
  'src/tree/node.ts': { MessageNode },
  'src/tree/pins.ts': { MAX_PINS },
};

type Pins = typeof import('../pins');
let loaded: Pins | undefined;

/** dist/pins.js, loaded once. */
export function pinsBundle(): Pins {
  // The build keeps this a require of dist/pins.js (a bundle of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= loadLazy<Pins>('pins', SHARED, () => require('../pins'));
  return loaded;
}
