/**
 * Call records (number/record/queryPage), splitWindow and callRecordsFor, against raw loopback
 * servers: every quirk of the vendor's page and hostile values. (The sandbox's records
 * endpoint is being written separately; these tests do not depend on it.)
 */
import { strict as assert } from 'node:assert';
import { PnsClient, PnsAbortError, PnsValidationError, PnsTransportError, splitWindow, callRecordsFor, hangupText, normaliseCallRecord, type CallRecordsProgress } from '../../src/api';
import { startRawServer, json, envelope, type RawServer } from './helpers/rawServer';

const KEY = 'records-test-key';
const SECRET = 'records-test-secret-77';
const DAY = 86_400_000;

describe('call records (raw loopback server)', () => {
  let server: RawServer;
  const client = () => new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 1000, expireTimeZone: '+08:00' });
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(async () => {
    await server.close();
  });

  describe('queryCallRecordPage', () => {
    it('sends the window as ISO 8601 with the offset of the client\'s zone (or as given)', async () => {
      server.handle((_r, res) => json(res, envelope({ total: 0, records: [] })));
      const c = client();
      await c.queryCallRecordPage({ current: 1, size: 50, strTime: Date.UTC(2024, 0, 1), endTime: Date.UTC(2024, 0, 31, 15, 59, 59) });
      assert.equal(server.requests[0].url, '/v3/number/record/queryPage');
      assert.deepEqual(JSON.parse(server.requests[0].body), {
        current: 1,
        size: 50,
        params: { strTime: '2024-01-01T08:00:00+08:00', endTime: '2024-01-31T23:59:59+08:00' },
      });
      await c.queryCallRecordPage({ current: 1, size: 10, strTime: Date.UTC(2024, 0, 1) + 999, endTime: Date.UTC(2024, 0, 2) + 1 });
      assert.deepEqual(JSON.parse(server.requests[1].body).params, { strTime: '2024-01-01T08:00:00+08:00', endTime: '2024-01-02T08:00:01+08:00' }, 'start rounded down, end up');
      await c.queryCallRecordPage({ current: 2, size: 10, strTime: '2022-01-01T00:00:00+08:00', endTime: '2022-01-31T00:00:00+08:00' });
      assert.deepEqual(JSON.parse(server.requests[2].body).params, { strTime: '2022-01-01T00:00:00+08:00', endTime: '2022-01-31T00:00:00+08:00' });
    });

    it('refuses a window over 31 days, backwards, or without an offset, before sending', async () => {
      const c = client();
      const t = Date.UTC(2024, 0, 1);
      const bad: Array<[string | number, string | number, string]> = [
        [t, t + 31 * DAY + 1000, 'endTime'],
        [t, t, 'endTime'],
        [t + 1000, t, 'endTime'],
        ['2024-01-01T00:00:00', '2024-01-02T00:00:00+08:00', 'strTime'], // no offset
        ['2024-01-01 00:00:00+08:00', '2024-01-02T00:00:00+08:00', 'strTime'],
        [t, 'tomorrow', 'endTime'],
        [Number.NaN, t, 'strTime'],
      ];
      for (const [strTime, endTime, field] of bad) {
        const e = await c.queryCallRecordPage({ current: 1, size: 10, strTime, endTime }).catch((x: unknown) => x);
        assert.ok(e instanceof PnsValidationError, `${String(strTime)} .. ${String(endTime)}: ${String(e)}`);
        assert.equal(e.field, field);
      }
      // Exactly 31 days is allowed.
      server.handle((_r, res) => json(res, envelope({ total: 0, records: [] })));
      await c.queryCallRecordPage({ current: 1, size: 10, strTime: t, endTime: t + 31 * DAY });
      assert.equal(server.requests.length, 1);
    });

    it('a page with more call records than its size is an invalid reply that says how many', async () => {
      server.handle((_r, res) => json(res, envelope({ total: 99, records: Array.from({ length: 11 }, (_, i) => ({ callid: `c-${i}`, caller: '919000000001', called: '919000000002' })) })));
      const e = await client()
        .queryCallRecordPage({ current: 1, size: 10, strTime: Date.UTC(2024, 0, 1), endTime: Date.UTC(2024, 0, 2) }, { retries: 0 })
        .catch((x: unknown) => x);
      assert.ok(e instanceof PnsTransportError && e.kind === 'invalid-response', String(e));
      assert.match(e.message, /number\/record\/queryPage.*sent 11 records for a page of 10\./);
    });

    it('normalises every field the way the vendor may send it', async () => {
      const forged = `BUSY\n[INFO] 2024-01-01 login ok [click](command:workbench.action.terminal.new) \u202e${'x'.repeat(10_000)}`;
      server.handle((_r, res) =>
        json(
          res,
          '{"status":"0","reason":"ok","data":{"total":5,"size":10,"current":1,"records":[' +
            // numbers where the doc says String; seconds as a string; ms as a number
            '{"callid":9007199254740993777,"number":915022110,"caller":919000000001,"called":"919000000002","callSource":2,' +
            '"callDuration":"65","chargedDuration":120,"startTime":"1704067200","endTime":1704067265000,"pay":0.0123,"currency":"EUR",' +
            '"sipCode":200,"hangupReason":"486","recordingFileUrl":"https://rec.example.com/a.mp3","appId":"app1"},' +
            // text times in the zone; a plain-http recording is dropped; a forged reason made safe
            '{"callid":"c-2","number":"915022110","caller":"919000000003","called":"919000000001","callSource":"3",' +
            '"callDuration":"n/a","startTime":"2024-01-01 08:00:00","endTime":"2024-01-01 08:01:00","pay":"0.50",' +
            '"sipCode":"603","hangupReason":' + JSON.stringify(forged) + ',"recordingFileUrl":"http://rec.example.com/b.mp3"},' +
            '{"callId":"c-3","startTime":"","endTime":null,"sipCode":"603","hangupReason":"","callSource":7,"recordingFileUrl":"javascript:alert(1)","pay":"1e9"},' +
            '{"callid":"c-4","hangupReason":"no_answer","recordingFileUrl":"https://user:pw@rec.example.com/c.mp3"},' +
            '{"number":"915022110"}' +
            ']}}',
        ),
      );
      const p = await client().queryCallRecordPage({ current: 1, size: 10, strTime: Date.UTC(2024, 0, 1), endTime: Date.UTC(2024, 0, 2) });
      assert.equal(p.skipped, 1);
      assert.deepEqual(p.warnings, ['skipped a call record has no usable callid']);
      const [a, b, c, d] = p.records;
      assert.equal(a.callId, '9007199254740993777');
      assert.equal(a.number, '915022110');
      assert.equal(a.caller, '919000000001');
      assert.equal(a.called, '919000000002');
      assert.equal(a.direction, 'incoming');
      assert.equal(a.durationS, 65);
      assert.equal(a.chargedDurationS, 120);
      assert.equal(a.start, 1_704_067_200_000);
      assert.equal(a.end, 1_704_067_265_000);
      assert.equal(a.cost, '0.0123');
      assert.equal(a.currency, 'EUR');
      assert.equal(a.sipCode, '200');
      assert.equal(a.hangupReason, '486');
      assert.equal(a.hangupText, 'busy');
      assert.equal(a.recordingUrl, 'https://rec.example.com/a.mp3');
      assert.equal(a.appId, 'app1');

      assert.equal(b.direction, 'outgoing');
      assert.equal(b.durationS, null);
      assert.equal(b.start, Date.UTC(2024, 0, 1, 0, 0, 0)); // 08:00 in +08:00
      assert.equal(b.end, Date.UTC(2024, 0, 1, 0, 1, 0));
      assert.equal(b.cost, '0.50');
      assert.equal(b.recordingUrl, null, 'http: recording dropped');
      assert.ok(b.hangupReason.length <= 100, `${b.hangupReason.length} characters`);
      assert.ok(!/[\n\r[\]()\u202e]/.test(b.hangupReason), b.hangupReason);
      assert.ok(b.hangupReason.startsWith('BUSY '));
      assert.equal(b.hangupText, 'declined', 'words unknown: falls back to the SIP code');

      assert.equal(c.callId, 'c-3');
      assert.equal(c.start, null);
      assert.equal(c.end, null);
      assert.equal(c.direction, 'unknown');
      assert.equal(c.recordingUrl, null);
      assert.equal(c.cost, '');
      assert.equal(c.hangupText, 'declined');

      assert.equal(d.hangupText, 'no answer');
      assert.equal(d.recordingUrl, null, 'credentials in a recording URL: dropped');
      assert.equal(d.number, '');
    });

    it('hangupText: codes, words, SIP fallback, unknown', () => {
      assert.equal(hangupText('487', ''), 'cancelled by the caller');
      assert.equal(hangupText('Caller hangup', '200'), 'the caller hung up');
      assert.equal(hangupText('NORMAL_CLEARING', ''), 'ended normally');
      assert.equal(hangupText('', '480'), 'not available');
      assert.equal(hangupText('', ''), '');
      assert.equal(hangupText('vendor specific 42', ''), 'other');
    });

    // Hand-written records as the vendor may write the reason: each with sipCode 200, which alone
    // says only "answered" (what every one of these became while the rules knew only "hang up").
    const PHRASINGS: Array<[string, string]> = [
      ['caller hung up', 'the caller hung up'],
      ['Caller hung up', 'the caller hung up'],
      ['CALLER_HANGUP', 'the caller hung up'],
      ['caller hang up', 'the caller hung up'],
      ['caller-hang-up', 'the caller hung up'],
      ['Caller hungup', 'the caller hung up'],
      ['A hung up', 'the caller hung up'],
      ['a party hangup', 'the caller hung up'],
      ['A_HANG_UP', 'the caller hung up'],
      ['Hung up by caller', 'the caller hung up'],
      ['hangup by A', 'the caller hung up'],
      ['Calling party hung up', 'the caller hung up'],
      ['called hung up', 'the called party hung up'],
      ['Called party hung up', 'the called party hung up'],
      ['CALLED_HANGUP', 'the called party hung up'],
      ['callee hang up', 'the called party hung up'],
      ['B hung up', 'the called party hung up'],
      ['b-hangup', 'the called party hung up'],
      ['B party hang-up', 'the called party hung up'],
      ['Hung up by the called party', 'the called party hung up'],
      ['hung up', 'ended normally'],
      ['Hangup', 'ended normally'],
      ['hang up', 'ended normally'],
      ['Normal call clearing', 'ended normally'],
      ['NORMAL_CLEARING', 'ended normally'],
    ];
    for (const [reason, words] of PHRASINGS) {
      it(`hangupReason "${reason}" with SIP 200 reads "${words}", and the vendor's text and code are kept`, () => {
        const r = normaliseCallRecord({ callid: 'c-1', caller: '447700900001', called: '447700900002', sipCode: '200', hangupReason: reason }, 480);
        assert.ok(typeof r !== 'string', String(r));
        assert.equal(r.hangupText, words);
        assert.equal(r.hangupReason, reason, 'the vendor\'s own text, as sent');
        assert.equal(r.sipCode, '200');
      });
    }
    it('words the rules do not know fall back to the SIP code; a hostile reason is made safe', () => {
      const r = normaliseCallRecord({ callid: 'c-2', sipCode: 486, hangupReason: 'caller hung up\n<img src=x onerror=alert(1)>\u202e' + 'x'.repeat(300) }, 480);
      assert.ok(typeof r !== 'string');
      assert.equal(r.hangupText, 'busy');
      assert.equal(r.sipCode, '486');
      assert.ok(r.hangupReason.length <= 100 && !/[\n\u202e]/.test(r.hangupReason), r.hangupReason);
    });
  });

  describe('splitWindow', () => {
    it('cuts at 31 days (hand-written boundaries)', () => {
      const jan1 = Date.UTC(2024, 0, 1);
      assert.deepEqual(splitWindow(jan1, Date.UTC(2024, 2, 15)), [
        { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 1, 1) },
        { from: Date.UTC(2024, 1, 1), to: Date.UTC(2024, 2, 3) }, // 2024 is a leap year
        { from: Date.UTC(2024, 2, 3), to: Date.UTC(2024, 2, 15) },
      ]);
      assert.deepEqual(splitWindow(jan1, Date.UTC(2024, 1, 1)), [{ from: jan1, to: Date.UTC(2024, 1, 1) }]);
      // windows sit on whole seconds (a query sends whole seconds): 1 ms past a boundary is one more second
      assert.deepEqual(splitWindow(jan1, Date.UTC(2024, 1, 1) + 1), [
        { from: jan1, to: Date.UTC(2024, 1, 1) },
        { from: Date.UTC(2024, 1, 1), to: Date.UTC(2024, 1, 1) + 1000 },
      ]);
      assert.deepEqual(splitWindow(jan1 + 1500, jan1 + 2500), [{ from: jan1 + 1000, to: jan1 + 3000 }]);
      assert.deepEqual(splitWindow(jan1, jan1 + 1000), [{ from: jan1, to: jan1 + 1000 }]);
    });
    it('refuses an empty or backwards window', () => {
      assert.throws(() => splitWindow(1000, 1000), PnsValidationError);
      assert.throws(() => splitWindow(2000, 1000), PnsValidationError);
      assert.throws(() => splitWindow(Number.NaN, 1000), PnsValidationError);
    });
  });

  describe('callRecordsFor', () => {
    const NOW = Date.UTC(2024, 2, 20);
    const FROM = Date.UTC(2024, 0, 1);
    const TO = Date.UTC(2024, 2, 15);
    const A = '919000000001';
    const B = '919000000002';
    const X = '915022110';
    /** 74 calls a day apart from FROM; every 5th involves the binding (by caller, called or number). */
    function dataset(): Array<Record<string, unknown>> {
      const out: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 74; i++) {
        const t = FROM + i * DAY; // day 31 and day 62 fall exactly on window boundaries
        const rec: Record<string, unknown> = { callid: `call-${i}`, number: '915099999', caller: '918888888888', called: '917777777777', startTime: String(t / 1000), endTime: String(t / 1000 + 30) };
        if (i % 5 === 0) rec.caller = i % 10 === 0 ? Number(A) : A; // sometimes a JSON number
        if (i % 5 === 1) rec.called = B;
        if (i % 5 === 2) rec.number = X;
        out.push(rec);
      }
      return out;
    }
    function serveByWindow(all: Array<Record<string, unknown>>) {
      return (req: { body: string }, res: import('node:http').ServerResponse) => {
        const b = JSON.parse(req.body) as { current: number; size: number; params: { strTime: string; endTime: string } };
        const from = Date.parse(b.params.strTime);
        const to = Date.parse(b.params.endTime);
        assert.ok(to - from <= 31 * DAY, 'a query never spans more than 31 days');
        // Both ends inclusive: a call on a boundary is answered by two windows.
        const inWindow = all.filter((r) => Number(r.startTime) * 1000 >= from && Number(r.startTime) * 1000 <= to);
        json(res, envelope({ total: inWindow.length, size: b.size, current: b.current, records: inWindow.slice((b.current - 1) * b.size, b.current * b.size) }));
      };
    }

    it('reads every page of every window and keeps the binding\'s calls, once each, newest first', async () => {
      server.handle(serveByWindow(dataset()));
      const progress: CallRecordsProgress[] = [];
      const r = await callRecordsFor(client(), {
        numbers: ['+91 9000-000001', B, `+${X}`],
        from: FROM,
        to: TO,
        size: 4,
        concurrency: 3,
        now: NOW,
        onProgress: (p) => progress.push({ ...p }),
      });
      const expected = dataset()
        .map((_, i) => i)
        .filter((i) => i % 5 <= 2)
        .reverse()
        .map((i) => `call-${i}`);
      assert.deepEqual(r.records.map((x) => x.callId), expected);
      assert.equal(r.windows, 3);
      // Days 0..31, 31..62 and 62..73 answered (the boundary days twice), pages of 4.
      assert.equal(r.scanned, 32 + 32 + 12);
      assert.equal(r.pages, 8 + 8 + 3);
      assert.equal(server.requests.length, 19);
      assert.equal(r.reachesPastRetention, true, 'FROM is 79 days before NOW');
      const last = progress[progress.length - 1];
      assert.deepEqual({ done: last.pagesDone, total: last.pagesTotal, windowsDone: last.windowsDone, windows: last.windows }, { done: 19, total: 19, windowsDone: 3, windows: 3 });
      assert.deepEqual([...new Set(progress.map((p) => p.window))].sort(), [1, 2, 3], 'a page of every window was reported');
      assert.ok(progress.every((p) => p.pagesDone <= p.pagesTotal));
      assert.equal(r.records[0].number, X, 'call-72, matched by its middle number');
      assert.equal(r.records.find((x) => x.callId === 'call-70')?.caller, A, 'a caller sent as a JSON number');
    });

    it('inside the retention period: reachesPastRetention false', async () => {
      server.handle(serveByWindow(dataset()));
      const r = await callRecordsFor(client(), { numbers: [A], from: TO - 10 * DAY, to: TO, now: NOW });
      assert.equal(r.reachesPastRetention, false);
      assert.equal(r.windows, 1);
      assert.ok(r.records.length > 0 && r.records.every((x) => x.caller === A));
    });

    it('refuses a list without digits, before sending', async () => {
      await assert.rejects(callRecordsFor(client(), { numbers: ['', 'abc'], from: FROM, to: TO }), PnsValidationError);
      assert.equal(server.requests.length, 0);
    });

    it('is cancellable: no further requests, PnsAbortError', async () => {
      const ac = new AbortController();
      // Cancelled once the first request has reached the server (not after a fixed delay: on a
      // loaded machine the request may not have arrived yet), which leaves it unanswered.
      server.handle(() => {
        setImmediate(() => ac.abort());
        return undefined;
      });
      await assert.rejects(callRecordsFor(client(), { numbers: [A], from: FROM, to: TO, signal: ac.signal }), PnsAbortError);
      // The windows are read at once: the first page of each may have gone out (the server may
      // see them a moment after the rejection), and nothing after.
      await new Promise((r) => setTimeout(r, 80));
      const n = server.requests.length;
      await new Promise((r) => setTimeout(r, 80));
      assert.equal(server.requests.length, n);
      assert.ok(n >= 1 && n <= 3, `${n} requests`);
      assert.ok(server.requests.every((q) => (JSON.parse(q.body) as { current: number }).current === 1), 'only first pages were asked for');
    });
  });
});
