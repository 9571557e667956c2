/**
 * How a call ended (callOutcome, src/api/endpoints/outcome.ts): the one rule the calls totals,
 * Find Calls by Number and the health dashboard count by. The expected classes are written here
 * from what the SIP final responses mean (RFC 3261 §21), not read from the code; each record goes
 * through the same normaliser as a vendor reply (normaliseCallRecord), so the SIP code may come
 * as a JSON number and the reason as the vendor's words.
 */
import { strict as assert } from 'node:assert';
import { CALL_OUTCOMES, callOutcome, normaliseCallRecord, type CallOutcome, type CallRecord } from '../../src/api';

function outcomeOf(sipCode: unknown, hangupReason?: unknown): CallOutcome {
  const r = normaliseCallRecord({ callid: 'c-1', caller: '919876543210', called: '447700900001', sipCode, hangupReason }, 0);
  assert.equal(typeof r, 'object', String(r));
  return callOutcome(r as CallRecord);
}

describe('call outcome: five classes from the SIP final response, else the reason', () => {
  it('the classes in the order the totals and charts show them (answered, busy, no answer, failed, other)', () => {
    assert.deepEqual([...CALL_OUTCOMES], ['answered', 'busy', 'no-answer', 'failed', 'other']);
  });

  // RFC 3261 §21: what each final response says about the call.
  const RFC3261: ReadonlyArray<readonly [string, string, CallOutcome]> = [
    ['200', 'OK: the callee accepted the call', 'answered'],
    ['486', 'Busy Here: the callee was reached but is not willing or able to take another call', 'busy'],
    ['600', 'Busy Everywhere: the callee is busy at every end system', 'busy'],
    ['603', 'Decline: the callee was reached and explicitly does not wish to take part (refused, as busy is)', 'busy'],
    ['408', 'Request Timeout: no final answer in time (it rang out)', 'no-answer'],
    ['480', 'Temporarily Unavailable: the callee\'s end system was reached, the callee is not available now', 'no-answer'],
    ['487', 'Request Terminated: cancelled (CANCEL) before it was answered', 'no-answer'],
    ['400', 'Bad Request', 'failed'],
    ['403', 'Forbidden: the server refuses', 'failed'],
    ['404', 'Not Found: no such user in the domain', 'failed'],
    ['410', 'Gone: the user existed once', 'failed'],
    ['484', 'Address Incomplete', 'failed'],
    ['485', 'Ambiguous', 'failed'],
    ['488', 'Not Acceptable Here: no common media', 'failed'],
    ['500', 'Server Internal Error', 'failed'],
    ['502', 'Bad Gateway', 'failed'],
    ['503', 'Service Unavailable', 'failed'],
    ['504', 'Server Time-out (of a server further on)', 'failed'],
    ['604', 'Does Not Exist Anywhere', 'failed'],
    ['606', 'Not Acceptable: the callee cannot accept the session', 'failed'],
  ];
  for (const [code, meaning, want] of RFC3261) {
    it(`SIP ${code} (${meaning.split(':')[0]}): ${want}`, () => {
      assert.equal(outcomeOf(code), want, meaning);
      // The vendor types sipCode as String but sometimes sends a JSON number; blanks around are no other code.
      assert.equal(outcomeOf(Number(code)), want, `${code} as a JSON number`);
      assert.equal(outcomeOf(` ${code} `), want, `"${code}" with blanks`);
      assert.equal(callOutcome({ sipCode: `\t${code} `, hangupText: '' }), want, `"${code}" with blanks, not normalised`);
    });
  }

  it('a final SIP response decides over the reason\'s words (the reason is the vendor\'s free text)', () => {
    assert.equal(outcomeOf('404', 'Caller hung up'), 'failed');
    assert.equal(outcomeOf('486', 'Normal call clearing'), 'busy');
    assert.equal(outcomeOf('200', 'No answer'), 'answered');
  });

  it('no SIP final response (none, provisional 1xx, redirect 3xx, not a code): the reason decides; without one, other', () => {
    for (const sip of ['', '180', '183', '302', '0', '48', '4860', 'abc', '700', '999', null, undefined, {}]) {
      assert.equal(outcomeOf(sip), 'other', `sipCode ${JSON.stringify(sip)} without a reason`);
      assert.equal(outcomeOf(sip, 'User busy'), 'busy', `sipCode ${JSON.stringify(sip)}, "User busy"`);
    }
  });

  it('the vendor\'s reason in words, without a SIP code', () => {
    const words: ReadonlyArray<readonly [string, CallOutcome]> = [
      ['Normal call clearing', 'answered'],
      ['Caller hung up', 'answered'],
      ['CALLED_PARTY_HANG-UP', 'answered'],
      ['User busy', 'busy'],
      ['Call rejected', 'busy'],
      ['No answer', 'no-answer'],
      ['Caller cancelled', 'no-answer'],
      // a SIP code written as the reason means what the code means
      ['486', 'busy'],
      ['480', 'no-answer'],
      ['404', 'failed'],
      ['Something the vendor made up', 'other'],
      ['', 'other'],
    ];
    for (const [reason, want] of words) assert.equal(outcomeOf('', reason), want, reason);
  });

  it('fields that are not text never throw: other', () => {
    for (const v of [null, undefined, 486, {}, [], true]) {
      assert.equal(callOutcome({ sipCode: v as unknown as string, hangupText: v as unknown as string }), 'other', String(v));
    }
    assert.equal(callOutcome({ sipCode: '4'.repeat(10_000), hangupText: 'busy'.repeat(1000) }), 'other');
  });
});
