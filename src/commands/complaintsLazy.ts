/**
 * Find Calls by Number and Copy Summary for a Ticket are rarely used, so their code is a bundle of
 * its own, dist/complaints.js (src/commands/complaints.ts), required on their first use: the
 * extension's bundle stays small and activation never reads it. That bundle does not carry copies
 * of the modules it uses: it gets the extension's own instances from SHARED (one translator, one
 * set of phones to mask, the same error classes for instanceof and retries); scripts/build.mjs
 * (LAZY) resolves its imports to them and fails when one is missing here.
 */
import { bindingState, callOutcome, callRecordsFor, isoWithOffset, MAX_NUMBER_DIGITS, MIN_NUMBER_DIGITS, pairKey, parseSearchQuery, PnsAbortError, PnsError, safeText, searchBindings } from '../api';
import { Cmd } from '../config/ids';
import { forUser } from '../config/settingNames';
import { formatNumber, formatPhone, maskKnownPhones } from '../display/phone';
import { translator } from '../display/text';
import { pageOf, vendorZoneMinutes } from '../shared/binding';
import { callsReadOptions, emptyTotals, MAX_CALL_ROWS, PHONE_WINDOWS, toCallView, totalsList } from '../shared/calls';
import { asNode } from '../tree/nodes';
import { recentCopies } from '../ui/clipboard';
import { errorText } from '../ui/language';
import { safeMessage, showInfo } from '../ui/safety';
import { phoneTarget } from '../webview/callsScope';
import { usePhoneReader } from '../webview/callsLoader';
import { askCallsWindow } from './callRecords';
import { CommandContext } from './context';
import { queryInputProblem } from './find';
import { loadLazy } from './lazy';
import { registerCommand } from './register';

/**
 * What dist/complaints.js takes from the extension, by module path from the repository's root:
 * exactly the names it imports (scripts/build.mjs checks each one is here).
 */
const SHARED: Record<string, Record<string, unknown>> = {
  'src/api/index.ts': { bindingState, callOutcome, callRecordsFor, isoWithOffset, MAX_NUMBER_DIGITS, MIN_NUMBER_DIGITS, pairKey, parseSearchQuery, PnsAbortError, PnsError, safeText, searchBindings },
  'src/config/ids.ts': { Cmd },
  'src/config/settingNames.ts': { forUser },
  'src/display/phone.ts': { formatNumber, formatPhone, maskKnownPhones },
  'src/display/text.ts': { translator },
  'src/shared/binding.ts': { pageOf, vendorZoneMinutes },
  'src/shared/calls.ts': { callsReadOptions, emptyTotals, MAX_CALL_ROWS, PHONE_WINDOWS, toCallView, totalsList },
  'src/tree/nodes.ts': { asNode },
  'src/ui/clipboard.ts': { recentCopies },
  'src/ui/language.ts': { errorText },
  'src/ui/safety.ts': { safeMessage, showInfo },
  'src/webview/callsScope.ts': { phoneTarget },
  'src/commands/callRecords.ts': { askCallsWindow },
  'src/commands/find.ts': { queryInputProblem },
};

type Complaints = typeof import('./complaints');
let loaded: Complaints | undefined;

/** dist/complaints.js, loaded once. */
function complaints(): Complaints {
  // The build keeps this a require of dist/complaints.js (a bundle of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= loadLazy<Complaints>('complaints', SHARED, () => require('./complaints'));
  return loaded;
}

/** Find Calls by Number… and Copy Summary for a Ticket, and what the calls panel asks of them. */
export function registerComplaintCommands(c: CommandContext): void {
  // A call's link in the calls panel opens its binding; its "Copy summary…" copies a ticket.
  c.calls.hooks.openBinding = (source) => c.details.show(source);
  c.calls.hooks.ticket = (req) => complaints().ticketFromCallsPanel(c, req);
  usePhoneReader((o) => complaints().readPhoneCalls(o));
  registerCommand(c.extension, c.log, Cmd.findCallsByNumber, (arg?: unknown) => complaints().findCallsByNumber(c, arg));
  registerCommand(c.extension, c.log, Cmd.copyTicketSummary, (arg?: unknown) => complaints().copyTicketSummary(c, arg));
}
