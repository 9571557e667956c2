/**
 * How a call ended, in five classes: the one rule the calls table's totals, Find Calls by
 * Number and the health dashboard all count by. From the SIP code when there is one (a final
 * response, RFC 3261), else from the words the core read from the vendor's hangupReason
 * (records.ts hangupText()).
 */
export type CallOutcome = 'answered' | 'busy' | 'no-answer' | 'failed' | 'other';

/** In the order totals and charts show them. */
export const CALL_OUTCOMES: readonly CallOutcome[] = ['answered', 'busy', 'no-answer', 'failed', 'other'];

/** What callOutcome reads of a call record (a CallRecord has it). */
export interface OutcomeFields {
  sipCode: string;
  hangupText: string;
}

const BY_TEXT: Readonly<Record<string, CallOutcome>> = {
  'ended normally': 'answered',
  'the caller hung up': 'answered',
  'the called party hung up': 'answered',
  answered: 'answered',
  busy: 'busy',
  declined: 'busy',
  'no answer': 'no-answer',
  'no answer (timed out)': 'no-answer',
  'not available': 'no-answer',
  'cancelled by the caller': 'no-answer',
  'refused by the network': 'failed',
  'number not found': 'failed',
  'incomplete number': 'failed',
  'not acceptable': 'failed',
  'network error': 'failed',
  'network unavailable': 'failed',
};

/**
 * The class of a call: SIP 200 answered; 486/600/603 busy; 408/480/487 no answer; any other
 * 4xx-6xx failed; without a SIP code, what the hangup reason says; else other.
 */
export function callOutcome(r: OutcomeFields): CallOutcome {
  const sip = typeof r.sipCode === 'string' ? r.sipCode.trim() : '';
  if (/^\d{3}$/.test(sip)) {
    if (sip === '200') return 'answered';
    if (sip === '486' || sip === '600' || sip === '603') return 'busy';
    if (sip === '408' || sip === '480' || sip === '487') return 'no-answer';
    if (sip >= '400' && sip < '700') return 'failed';
  }
  return (typeof r.hangupText === 'string' && BY_TEXT[r.hangupText]) || 'other';
}
