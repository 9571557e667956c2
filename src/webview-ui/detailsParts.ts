/** Parts of the details page without state of their own: the expiry in words, and what the page shows (for the tests' probe). */
import { bindingState, type BindingState, durationParts, type DurationUnit } from '../shared/binding';
import type { PanelStringId } from '../shared/panelStrings';
import type { PageView, RenderedFacts } from '../shared/messages';
import { T } from './page';

export const STATE_ID: Record<BindingState, PanelStringId> = { active: 'stateActive', expiring: 'stateExpiring', expired: 'stateExpired', unknown: 'stateUnknown' };
const UNIT_ID: Record<DurationUnit, PanelStringId> = { d: 'unitD', h: 'unitH', min: 'unitMin', s: 'unitS' };

/** "2 d 4 h": the largest unit, plus the next one when it matters (as formatDuration, in the page's language). */
function duration(ms: number): string {
  return durationParts(ms, 2)
    .map(([n, unit]) => T(UNIT_ID[unit], n))
    .join(' ');
}

/** The binding's state at `now` and its expiry in words ("expires in 2 d 4 h"). */
export function expiryTexts(v: PageView, now: number): { state: BindingState; relative: string } {
  const state = bindingState(v.expiresAt, now, v.expiringSoonHours);
  if (v.expiresAt === null) return { state, relative: T('noExpiry') };
  const d = v.expiresAt - now;
  return { state, relative: d > 0 ? T('expiresIn', duration(d)) : T('expiredAgo', duration(d)) };
}

export function pageFacts(app: HTMLElement): RenderedFacts {
  const banner = app.querySelector(':scope > p.banner');
  return {
    app: document.getElementById('app-value')?.textContent ?? '',
    unbind: (app.querySelector('button.unbind') as HTMLButtonElement | null)?.disabled === false,
    banner: !banner ? 'none' : banner.classList.contains('success') ? 'success' : 'error',
    countdown: document.getElementById('countdown')?.textContent ?? '',
    raw: (app.querySelector('details.raw') as HTMLDetailsElement | null)?.open === true,
  };
}
