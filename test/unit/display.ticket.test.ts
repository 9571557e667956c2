// Copy Summary for a Ticket's text (src/display/ticket.ts) in plain Node: every field a ticket
// needs, phones masked unless full, the expiry in the vendor's zone and in UTC, at most 5 calls,
// Markdown that a server's text cannot turn into a link or formatting, and the Chinese texts
// from the project's own bundle. Every expected string is written out here by hand.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeMarkdown, type TicketBinding, type TicketCall, type TicketInput, ticketSummary } from '../../src/display/ticket';
import { english, useTranslator } from '../../src/display/text';

const binding: TicketBinding = {
  bindId: '7001',
  app: { label: 'Rides', appId: '1234567' },
  account: '',
  phoneA: '917414913233',
  phoneB: '447400123456',
  pnsNumberA: '6581234567',
  pnsNumberB: '6581234567',
  mode: 'AXB',
  // 2026-12-07 06:00:00 UTC
  expiresAt: Date.UTC(2026, 11, 7, 6, 0, 0),
  expireTime: '2026-12-07 14:00:00',
  state: 'active',
};

function call(n: number, over: Partial<TicketCall> = {}): TicketCall {
  return {
    start: Date.UTC(2026, 11, 6, 10 - n, 0, 0),
    caller: '917414913233',
    called: '447400123456',
    number: '6581234567',
    outcome: 'busy',
    hangupText: 'busy',
    hangupReason: 'User busy',
    sipCode: '486',
    durationS: 65,
    ...over,
  };
}

const input = (over: Partial<TicketInput> = {}): TicketInput => ({
  binding,
  calls: [0, 1, 2, 3, 4, 5, 6].map((n) => call(n)),
  callsFrom: 'the calls panel',
  full: false,
  vendorZoneMinutes: 480,
  ...over,
});

describe('display: Copy Summary for a Ticket', () => {
  afterEach(() => useTranslator(english));

  it('plain text, masked: bind id, app label and id, masked phones, middle number, expiry in the vendor zone and UTC, state, 5 calls', () => {
    const t = ticketSummary(input(), 'text');
    const lines = t.split('\n');
    assert.equal(lines[0], 'Laaffic PNS: binding 7001');
    assert.ok(lines.includes('Bind id: 7001'), t);
    assert.ok(lines.includes('App: Rides (app id 1234567)'), t);
    assert.ok(lines.includes('Phone A: +91 74•••• 3233'), t);
    assert.ok(lines.includes('Phone B: +44 74•••• 3456'), t);
    assert.ok(lines.includes('Middle numbers: +65 8123 4567 · AXB'), t);
    assert.ok(lines.includes('Expiry: 2026-12-07 14:00:00 +08:00 (vendor time) · 2026-12-07 06:00:00 UTC'), t);
    assert.ok(lines.includes('State: Active'), t);
    assert.ok(lines.includes('Last calls (at most 5, from the calls panel)'), t);
    assert.ok(lines.includes('1. 2026-12-06 10:00:00 UTC · +91 74•••• 3233 → +44 74•••• 3456 · via +65 8123 4567 · Busy — busy (as sent: “User busy”, SIP 486) · 1 min 05 s'), t);
    assert.ok(lines.includes('5. 2026-12-06 06:00:00 UTC · +91 74•••• 3233 → +44 74•••• 3456 · via +65 8123 4567 · Busy — busy (as sent: “User busy”, SIP 486) · 1 min 05 s'), t);
    assert.equal(lines.filter((l) => /^\d\. /.test(l)).length, 5, 'at most 5 calls');
    assert.ok(lines.includes('Phone numbers are masked.'));
    for (const digits of ['917414913233', '447400123456', '74149 13233', '7400 123456']) assert.ok(!t.includes(digits), `${digits} in ${t}`);
  });

  it('full numbers when the user chose them; an AXXB binding names both middle numbers; an unreadable expiry is said as sent', () => {
    const t = ticketSummary(input({ full: true, binding: { ...binding, mode: 'AXXB', pnsNumberB: '6588887777', expiresAt: null, expireTime: '31/12/2026', state: 'unknown' } }), 'text');
    assert.ok(t.includes('Phone A: +91 74149 13233\n'), t);
    assert.ok(t.includes('Phone B: +44 7400 123456\n'), t);
    assert.ok(t.includes('Middle numbers: +65 8123 4567 (A) · +65 8888 7777 (B) · AXXB\n'), t);
    assert.ok(t.includes('Expiry: 31/12/2026 (as sent; could not be read)\n'), t);
    assert.ok(t.includes('State: Expiry unknown\n'), t);
    assert.ok(!t.includes('masked'), t);
  });

  it('a phone\'s ticket: the phone, its live bindings, the calls; "no live binding" when there is none', () => {
    const t = ticketSummary(input({ binding: undefined, phone: '917414913233', bindings: [binding], calls: [call(0, { outcome: 'answered', hangupText: 'the caller hung up', hangupReason: 'Caller hung up', sipCode: '200' })] }), 'text');
    assert.ok(t.startsWith('Laaffic PNS: calls of the phone +91 74•••• 3233\nLive bindings of this phone: 1\n'), t);
    assert.ok(t.includes('Binding 7001\nBind id: 7001\n'), t);
    assert.ok(t.includes('Answered — the caller hung up (as sent: “Caller hung up”, SIP 200)'), t);
    const none = ticketSummary(input({ binding: undefined, phone: '917414913233', bindings: [], calls: [] }), 'text');
    assert.ok(none.includes('No live binding has this phone'), none);
    assert.ok(none.includes('No calls.'), none);
  });

  it('Markdown: a heading and a list, every text escaped so a server\'s reason cannot make a link, an image or formatting', () => {
    const hostile = '[click](https://evil.example/x) **bold** ![i](https://evil.example/i.png) <b>x</b> `code` _u_ # h';
    const t = ticketSummary(input({ binding: { ...binding, app: { label: '[Rides](https://evil.example)', appId: '1234567' } }, calls: [call(0, { hangupReason: hostile })] }), 'markdown');
    assert.ok(t.startsWith('## Laaffic PNS\\: binding 7001\n'), t);
    assert.ok(t.includes('- **Bind id:** 7001\n'), t);
    assert.ok(t.includes('- **Phone A:** \\+91 74•••• 3233\n'), t);
    assert.ok(t.includes('- **Expiry:** 2026\\-12\\-07 14\\:00\\:00 \\+08\\:00 \\(vendor time\\) · 2026\\-12\\-07 06\\:00\\:00 UTC\n'), t);
    // The server's texts: no unescaped bracket, parenthesis, asterisk, backtick, underscore, angle bracket or '!'.
    const reasonLine = t.split('\n').find((l) => l.includes('click'))!;
    assert.ok(reasonLine.includes('\\[click\\]\\(https\\:\\/\\/evil\\.example\\/x\\) \\*\\*bold\\*\\* \\!\\[i\\]'), reasonLine);
    assert.ok(!/(^|[^\\])[[\]()*`_<>!]/.test(reasonLine.replace(/^- /, '').replace(/\*\*[^*]+:\*\* /, '')), reasonLine);
    const appLine = t.split('\n').find((l) => l.startsWith('- **App:**'))!;
    assert.equal(appLine, '- **App:** \\[Rides\\]\\(https\\:\\/\\/evil\\.example\\) \\(app id 1234567\\)');
    assert.equal(escapeMarkdown('a\nb\tc'), 'a b c');
  });

  it('in Simplified Chinese, with the project\'s own translations', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    useTranslator({ t: (m, ...args) => (bundle[m] ?? m).replace(/\{(\d+)\}/g, (x, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : x)) });
    const t = ticketSummary(input(), 'text');
    const english = ticketSummary({ ...input() }, 'text');
    assert.notEqual(t.split('\n')[0], 'Laaffic PNS: binding 7001', 'the heading is translated');
    assert.ok(t.includes(bundle['Laaffic PNS: binding {0}'].replace('{0}', '7001')), t);
    assert.ok(t.includes(`${bundle['State']}: ${bundle['Active']}`), t);
    assert.ok(t.includes(bundle['Busy']), t);
    assert.ok(english.length > 0);
  });
});
