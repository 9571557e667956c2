// Masking over many real records: thousands of the sandbox's bindings (every country it draws
// numbers from), read over HTTP with the client, drawn as tree texts and as the details page's
// messages with masking on. No phone A or B may appear in any of those strings in any form
// (plain digits, E.164, international format, grouped for a screen reader); with masking off
// they do appear (so the check can fail).
import { strict as assert } from 'node:assert';
import { PnsClient, type BindingRecord } from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { bindingText } from '../../src/tree/bindingText';
import { toPage } from '../../src/webview/pageView';
import type { BindingView } from '../../src/shared/messages';
import type { CallView } from '../../src/shared/calls';

/** Every string in a value (objects and arrays walked). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** The phones (digits) found in `text`, however it writes them: spaces, dashes, '+' and NBSP ignored. */
function leaked(text: string, phones: readonly string[]): string[] {
  const squeezed = text.replace(/[\s\u00a0+-]/g, '');
  return phones.filter((p) => p.length > 0 && squeezed.includes(p));
}

function viewOf(r: BindingRecord): BindingView {
  return {
    bindId: r.bindId,
    phoneA: r.phoneA,
    phoneB: r.phoneB,
    pnsNumberA: r.pnsNumberA,
    pnsNumberB: r.pnsNumberB,
    mode: r.mode,
    expireTime: r.expireTime,
    expiresAt: r.expiresAt,
    expiresInVendorZone: null,
    vendorZone: '+08:00',
    expiringSoonHours: 24,
    app: { appId: 'x', label: 'Rides', account: 'main' },
    page: 1,
    rawJson: JSON.stringify(r.raw, null, 2),
    fetchedAt: 0,
  };
}

describe('display: masking leaves no phone A or B in any displayed string', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  const records: BindingRecord[] = [];

  before(async () => {
    sb = await startSandbox({ port: 0, seed: 11, apps: 8, bindings: 3000 });
    const client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 10_000 });
    try {
      for (let current = 1; ; current++) {
        const page = await client.queryBindPage({ current, size: 100 });
        records.push(...page.records);
        if (current >= page.pages) break;
      }
    } finally {
      client.dispose();
    }
  });
  after(() => sb.close());

  it('reads every binding, from all eight countries the sandbox draws numbers from', () => {
    assert.equal(records.length, 3000);
    const codes = new Set(records.flatMap((r) => [r.phoneA, r.phoneB]).map((p) => ['91', '62', '63', '55', '52', '234', '880', '84'].find((c) => p.startsWith(c))));
    assert.deepEqual([...codes].sort(), ['234', '52', '55', '62', '63', '84', '880', '91']);
  });

  for (const masked of [true, false]) {
    it(`tree label, description, tooltip and accessibility label, masking ${masked ? 'on: no phone' : 'off: both phones'}`, () => {
      const now = Date.now();
      let checked = 0;
      for (const r of records) {
        const t = bindingText(r, { now, soonHours: 24, zoneOffsetMinutes: 480, masked, app: { appId: 'x', label: 'Rides' } });
        const label = `${t.phoneA} ↔ ${t.phoneB}`;
        const phones = [r.phoneA, r.phoneB];
        const shown = [label, t.description, ...t.rows.map(([k, v]) => `${k}: ${v}`), t.spoken];
        if (masked) {
          for (const s of shown) assert.deepEqual(leaked(s, phones), [], `binding ${r.bindId}: ${s}`);
          assert.match(label, /^\+\d{1,3} \d{1,2}•+ \d{1,4} ↔ \+\d{1,3} \d{1,2}•+ \d{1,4}$/, label);
        } else {
          assert.deepEqual(leaked(label, phones), phones, label);
          assert.deepEqual(leaked(t.spoken, phones), phones, t.spoken);
        }
        // Middle numbers are never masked (the tooltip shows them; the row's description is only the expiry).
        const tooltip = t.rows.map(([k, v]) => `${k}: ${v}`).join('\n');
        assert.ok(leaked(tooltip, [r.pnsNumberA]).length === 1, tooltip);
        checked++;
      }
      assert.equal(checked, 3000);
    });

    it(`the details page's binding and calls messages (preset and custom windows, errors), masking ${masked ? 'on: no phone' : 'off: both phones'}`, () => {
      for (const r of records.slice(0, 500)) {
        const phones = [r.phoneA, r.phoneB];
        const show = toPage({ type: 'show', binding: viewOf(r), note: `Refreshed ${r.phoneA}` }, { masked, maskedNote: 'masked' });
        const call: CallView = { callId: 'c1', caller: r.phoneA, called: r.phoneB, number: r.pnsNumberA, start: 0, durationS: 3, hangupText: '', hangupReason: `caller ${r.phoneA} hung up`, sipCode: '200', hasRecording: false, outcome: 'answered', cost: '', currency: '', ref: 'c1', account: '' };
        const base = { scope: r.bindId, from: 0, to: 1, calls: [call], total: 1, scanned: 1, pages: 1, windows: 1, reachesPastRetention: false };
        const calls = toPage({ type: 'calls', window: '7d', notes: [], ...base }, { masked });
        // The custom window's flow: the same message with its notes; and texts that quote a phone (a vendor error).
        const custom = toPage({ type: 'calls', window: 'custom', notes: [`The end was in the future; read up to now for ${r.phoneB}.`], ...base }, { masked });
        const error = toPage({ type: 'callsError', scope: r.bindId, window: 'custom', text: `Could not read the calls of ${r.phoneA} and ${r.phoneB}.` }, { masked });
        const gone = toPage({ type: 'gone', bindId: r.bindId, text: `Binding of ${r.phoneA} is gone.` }, { masked });
        // Find Calls by Number: the matches so far, sent with its progress, and an account's failure quoting a phone.
        const soFar = toPage({ type: 'callsProgress', scope: r.bindId, window: '60d', from: 0, to: 1, pagesDone: 1, pagesTotal: 2, calls: [call], failed: [{ account: 'Ops', text: `No answer for ${r.phoneB}` }] }, { masked });
        const text = strings([show, calls, custom, error, gone, soFar]).join('\n');
        if (masked) assert.deepEqual(leaked(text, phones), [], text);
        else assert.deepEqual(leaked(text, phones), phones);
        assert.equal(leaked(text, [r.pnsNumberA]).length, 1, 'the middle number is shown');
        // The page still gets the binding's identity, and the raw record (with phones masked) stays JSON.
        assert.equal(show.type === 'show' && show.binding.bindId, r.bindId);
        if (show.type === 'show') assert.equal((JSON.parse(show.binding.rawJson) as { bindId: unknown }).bindId?.toString(), r.bindId);
      }
    });
  }
});
