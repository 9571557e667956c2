import { strict as assert } from 'node:assert';
import { parseFromWebview, parsePersistedCalls } from '../../src/shared/messages';
import { bindingNumbers, CALLS_WINDOWS, PHONE_WINDOWS, DEFAULT_CALLS_WINDOW, formatCallDuration, isCallsWindow, progressText, scannedText, toCallView, windowRange } from '../../src/shared/calls';

describe('details panel: the Calls section', () => {
  describe('window presets', () => {
    it('24 h, 7 d and 30 d, 7 d by default', () => {
      assert.deepEqual(CALLS_WINDOWS, ['24h', '7d', '30d']);
      assert.equal(DEFAULT_CALLS_WINDOW, '7d');
      for (const w of CALLS_WINDOWS) assert.ok(isCallsWindow(w));
      for (const w of ['1h', '31d', 'custom', '', '7D', 7, null, undefined, {}]) assert.equal(isCallsWindow(w), false, String(w));
      // Find Calls by Number also offers the two months the vendor keeps.
      assert.deepEqual(PHONE_WINDOWS, ['24h', '7d', '30d', '60d']);
      assert.ok(isCallsWindow('60d'));
      const r = windowRange('60d', 1_700_000_000_000);
      assert.equal(r.to - r.from, 60 * 86_400_000);
    });
    it('end now (rounded up to a whole second), start that long before; every preset fits one 31-day query', () => {
      const now = 1_700_000_000_123;
      assert.deepEqual(windowRange('24h', now), { from: 1_700_000_001_000 - 86_400_000, to: 1_700_000_001_000 });
      assert.deepEqual(windowRange('7d', now), { from: 1_700_000_001_000 - 7 * 86_400_000, to: 1_700_000_001_000 });
      const r = windowRange('30d', now);
      assert.equal(r.to - r.from, 30 * 86_400_000);
      assert.ok(r.to - r.from <= 31 * 86_400_000);
    });
  });

  it('a call becomes plain data: no URL, only whether an https recording exists', () => {
    const base = { callId: 'c1', caller: '911', called: '922', number: '933', start: 5, durationS: 61, hangupText: 'busy', hangupReason: 'User busy', sipCode: '486', cost: '0.0150', currency: 'EUR' };
    const v = toCallView({ ...base, recordingUrl: 'https://records.example/x.mp3?token=1', raw: { x: 1 } } as never, 'busy');
    assert.deepEqual(v, { ...base, hasRecording: true, outcome: 'busy', ref: 'c1', account: '' });
    assert.equal(JSON.stringify(v).includes('http'), false);
    assert.equal(toCallView({ ...base, recordingUrl: null }, 'busy').hasRecording, false);
    assert.equal(toCallView({ ...base, recordingUrl: 'http://records.example/x.mp3' }, 'busy').hasRecording, false);
    // Across accounts: the row's own ref, its account and its binding link.
    assert.deepEqual(toCallView({ ...base, recordingUrl: null }, 'failed', { ref: '1:c1', account: 'Ops', link: 'none' }), { ...base, hasRecording: false, outcome: 'failed', ref: '1:c1', account: 'Ops', link: 'none' });
  });

  it('matches by the phones and middle numbers, each once', () => {
    // the real phones only: a middle number is shared by other bindings of the pool
    assert.deepEqual(bindingNumbers({ phoneA: '1', phoneB: '2' }), ['1', '2']);
    assert.deepEqual(bindingNumbers({ phoneA: '1', phoneB: '1' }), ['1']);
    assert.deepEqual(bindingNumbers({ phoneA: '1', phoneB: '' }), ['1']);
  });

  it('texts: duration, progress, scanned and retention', () => {
    assert.equal(formatCallDuration(null), '—');
    assert.equal(formatCallDuration(0), '0 s');
    assert.equal(formatCallDuration(185), '3 min 05 s');
    assert.equal(formatCallDuration(3725), '1 h 02 min');
    assert.equal(progressText(0, 0), 'Reading the call records…');
    assert.equal(progressText(3, 12), '3 pages of 12');
    assert.equal(progressText(1, 1), '1 page of 1');
    assert.equal(scannedText({ scanned: 1234, windows: 1, reachesPastRetention: false }), 'Scanned 1,234 call records in 1 window of at most 31 days.');
    assert.match(scannedText({ scanned: 1, windows: 3, reachesPastRetention: true }), /^Scanned 1 call record in 3 windows .*further back than Laaffic keeps call records \(about 2 months\)/);
  });

  describe('messages from the page', () => {
    it('loadCalls with a known window', () => {
      for (const w of CALLS_WINDOWS) assert.deepEqual(parseFromWebview({ type: 'loadCalls', window: w }), { type: 'loadCalls', window: w });
      for (const w of [undefined, '1y', 7, '31d', '']) assert.equal(parseFromWebview({ type: 'loadCalls', window: w }), undefined);
      // 'custom' carries a start and an end: test/unit/webview.callsWindow.test.ts
    });
    it('cancelCalls', () => {
      assert.deepEqual(parseFromWebview({ type: 'cancelCalls', extra: 1 }), { type: 'cancelCalls' });
    });
    it('openRecording with a call id (never a URL the page chose)', () => {
      assert.deepEqual(parseFromWebview({ type: 'openRecording', callId: 'a1b2c3' }), { type: 'openRecording', callId: 'a1b2c3' });
      assert.deepEqual(parseFromWebview({ type: 'openRecording', callId: 'x', url: 'https://evil.example' }), { type: 'openRecording', callId: 'x' });
      for (const id of [undefined, '', 42, 'a'.repeat(101), 'a\nb', ['x']]) assert.equal(parseFromWebview({ type: 'openRecording', callId: id }), undefined, JSON.stringify(id));
    });
    it('Find Calls by Number: a row\'s binding link and ticket by its ref (an account\'s index and the call id), the phone\'s ticket by null', () => {
      assert.deepEqual(parseFromWebview({ type: 'openBinding', ref: '1:a1b2', bindId: '999' }), { type: 'openBinding', ref: '1:a1b2' });
      assert.deepEqual(parseFromWebview({ type: 'ticket', ref: 'a1b2' }), { type: 'ticket', ref: 'a1b2' });
      assert.deepEqual(parseFromWebview({ type: 'ticket', ref: null }), { type: 'ticket', ref: null });
      assert.deepEqual(parseFromWebview({ type: 'openRecording', callId: `12:${'a'.repeat(100)}` }), { type: 'openRecording', callId: `12:${'a'.repeat(100)}` });
      for (const ref of [undefined, '', 7, 'a'.repeat(101), 'x\u0007', {}]) {
        assert.equal(parseFromWebview({ type: 'openBinding', ref }), undefined, JSON.stringify(ref));
        if (ref !== undefined) assert.equal(parseFromWebview({ type: 'ticket', ref }), undefined, JSON.stringify(ref));
      }
      assert.equal(parseFromWebview({ type: 'ticket' }), undefined);
      assert.deepEqual(parsePersistedCalls({ v: 1, kind: 'phone' }), { v: 1, kind: 'phone' });
      assert.equal(parsePersistedCalls({ v: 1, kind: 'phone', phone: '919876543210' }), null, 'a phone is never persisted');
    });
  });
});
