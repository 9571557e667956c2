// Find Calls by Number… in the real VS Code against two sandboxes over real HTTP (two accounts:
// the same seed, so the same customers, but account B's clock a day behind and one binding of
// the phone unbound there): the calls panel shows exactly the calls in which the phone is the
// caller or the called party, of both accounts, over a 60-day window (two 31-day queries), as
// they arrive; each call says the vendor's reason and SIP code, links to its live binding or
// says "no live binding"; the totals by outcome equal the counts made here from the sandboxes'
// own records (classified by the SIP code here, not by the code under test); an account that
// fails is said while the other's calls still show; with masking on no phone shows in the panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../src/accounts/accounts';
import type { TestApi } from '../support/testApi';
import type { ToCallsPage } from '../../src/shared/messages';
import { startSandbox, type Sandbox, type SandboxCallRecord } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, resetSettings, setCredentials, sleep, waitFor } from './helpers';

const DAY = 86_400_000;
const HOUR = 3_600_000;
type CallsMsg = Extract<ToCallsPage, { type: 'calls' }>;
const digits = (s: string) => s.replace(/\D/g, '');
/** The outcome classes in the order the issue names them, and the SIP codes of each (RFC 3261), written here. */
const CLASSES = ['Answered', 'Busy', 'No answer', 'Failed', 'Other'] as const;
function classOf(r: SandboxCallRecord): (typeof CLASSES)[number] {
  const sip = Number(r.sipCode);
  if (sip === 200) return 'Answered';
  if ([486, 600, 603].includes(sip)) return 'Busy';
  if ([408, 480, 487].includes(sip)) return 'No answer';
  if (sip >= 400 && sip < 700) return 'Failed';
  return 'Other';
}

suite('Find Calls by Number', function () {
  // Two accounts' 60 days at 40 ms a page: each wait below says what it waited for before this.
  this.timeout(90_000);
  let sbA: Sandbox;
  let sbB: Sandbox;
  let ext: TestApi;
  let alpha: Account;
  let bravo: Account;
  /** The phone looked for, the binding of it unbound in account B. */
  let phone: string;
  let unboundInB: string;

  const ofPhone = (sb: Sandbox, from: number, to: number) => sb.callRecords(from, to).filter((r) => digits(r.caller) === phone || digits(r.called) === phone);
  const pair = (x: string, y: string) => [digits(x), digits(y)].sort().join('|');
  /** The bind id of the live binding of a call's pair in `sb` (computed from the sandbox's truth), or undefined. */
  const liveBinding = (sb: Sandbox, r: SandboxCallRecord) => {
    if (!r.caller || !r.called) return undefined;
    const now = Date.now();
    return sb.bindings().find((b) => b.expiresAt > now && pair(b.phoneA, b.phoneB) === pair(r.caller, r.called))?.bindId;
  };
  const phoneKey = () => ext.calls.keys().find((k): k is string => typeof k === 'string' && k.startsWith('phone:'));
  const lastCalls = (key: string) => [...ext.calls.posted].reverse().find((p): p is { key: string; message: CallsMsg } => p.key === key && p.message.type === 'calls')?.message;
  /** What the panel drew once its read ended (calls, an error or cancelled), which must be `state`. */
  const rendered = async (key: string, state: string, timeoutMs = 60_000) => {
    const r = await waitFor(`the calls panel of the phone to end its read`, () => {
      const x = ext.calls.lastCallsRendered;
      return x?.scope === key && x.state !== 'loading' && x.state !== 'idle' ? x : undefined;
    }, timeoutMs);
    assert.equal(r.state, state, r.text);
    return r;
  };
  const closePanels = () => {
    for (const k of ext.calls.keys()) ext.calls.panel(k)?.dispose();
  };
  async function find(typed: string, accounts = 'All accounts'): Promise<void> {
    ext.ui.reset();
    ext.calls.lastCallsRendered = undefined;
    ext.calls.posted.length = 0;
    ext.ui.answer(typed, 'Last 60 days', accounts);
    await vscode.commands.executeCommand('laafficPns.findCallsByNumber');
  }

  suiteSetup(async () => {
    const now = Date.now();
    // The same seed: the same customers in both accounts. B's clock (its calls) a day behind.
    sbA = await startSandbox({ port: 0, seed: 97, bindingsPerApp: [400], apiKey: 'key-of-alpha', apiSecret: 'secret-of-alpha', startTime: now });
    sbB = await startSandbox({ port: 0, seed: 97, bindingsPerApp: [400], apiKey: 'key-of-bravo', apiSecret: 'secret-of-bravo', startTime: now - DAY });
    ext = await activate();
    await configure(ext, { baseUrl: sbA.url, apps: [{ appId: sbA.appIds[0], label: 'Rides' }] });
    await setCredentials(sbA.apiKey, sbA.apiSecret);
    alpha = ext.accounts.all()[0];
    bravo = await ext.accounts.add({ name: 'Bravo', baseUrl: sbB.url, apps: [{ appId: sbB.appIds[0], label: 'Rides B' }] }, { apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, origin: new URL(sbB.url).origin });
    // A phone with calls in both 31-day windows of the last 60 days in A, and calls in B too.
    const split = now - 60 * DAY + 31 * DAY;
    const byPhone = new Map<string, SandboxCallRecord[]>();
    for (const r of sbA.callRecords(now - 60 * DAY + HOUR, now)) {
      if (!r.called) continue;
      for (const p of [r.caller, r.called]) byPhone.set(p, [...(byPhone.get(p) ?? []), r]);
    }
    const candidates = [...byPhone.entries()].filter(([, rs]) => rs.some((r) => Number(r.startTime) * 1000 < split - HOUR) && rs.some((r) => Number(r.startTime) * 1000 > split + HOUR) && new Set(rs.map(classOf)).size > 1);
    const inB = sbB.callRecords(now - 60 * DAY + HOUR, now);
    const chosen = candidates.find(([p]) => inB.some((r) => r.caller === p || r.called === p) && sbA.bindings().filter((b) => b.phoneA === p || b.phoneB === p).length > 0);
    assert.ok(chosen, `no phone with calls in both windows of both accounts (${candidates.length} candidates)`);
    phone = digits(chosen[0]);
    const ofIt = sbB.bindings().filter((b) => digits(b.phoneA) === phone || digits(b.phoneB) === phone);
    unboundInB = ofIt[0].bindId;
    assert.ok(sbB.unbind(unboundInB), 'the binding could not be unbound in B');
    // Every page takes a while: the matches must be seen arriving before the read ends.
    sbA.setLatency(40);
    sbB.setLatency(40);
  });

  suiteTeardown(async () => {
    sbA.setFaults(undefined);
    sbB.setFaults(undefined);
    ext.ui.reset();
    closePanels();
    ext.details.panel?.dispose();
    if (ext.accounts.get(bravo.id)) await ext.accounts.remove(bravo);
    await clearCredentials();
    await resetSettings(['baseUrl', 'apps', 'maskNumbers']);
    await sbA.close();
    await sbB.close();
  });

  test('across two accounts and two windows: exactly the phone\'s calls, as they arrive, with the vendor\'s reason and SIP code, each linked to its live binding or marked "no live binding", totals by outcome', async () => {
    await configure(ext, { maskNumbers: false });
    closePanels();
    // Typed as a customer would say it: Find's forms (spaces, dashes, +) are accepted.
    await find(`+${phone.slice(0, 2)} ${phone.slice(2, 7)}-${phone.slice(7)}`);
    assert.deepEqual(ext.ui.prompts.map((p) => p.kind), ['inputBox', 'quickPick', 'quickPick']);
    assert.deepEqual(ext.ui.prompts[1].items?.map((i) => i.label), ['Last 7 days', 'Last 24 hours', 'Last 30 days', 'Last 60 days', 'Custom…']);
    assert.deepEqual(ext.ui.prompts[2].items?.map((i) => i.label), ['All accounts', alpha.name, 'Bravo'], '"All accounts" first');
    const key = await waitFor('the phone\'s calls panel', phoneKey);
    const shown = await rendered(key, 'calls');
    const msg = lastCalls(key)!;
    assert.equal(msg.to - msg.from, 60 * DAY);
    assert.equal(msg.windows, 2, 'two 31-day queries');

    const wantA = ofPhone(sbA, msg.from, msg.to);
    const wantB = ofPhone(sbB, msg.from, msg.to);
    const split = msg.from + 31 * DAY;
    assert.ok(wantA.some((r) => Number(r.startTime) * 1000 < split) && wantA.some((r) => Number(r.startTime) * 1000 >= split), 'the phone has calls in both windows');
    assert.ok(wantB.length > 0, 'the phone has calls in account B');
    // The rows: account, call id; both accounts' calls, no other.
    const rows = shown.rows ?? [];
    assert.equal(rows.length, wantA.length + wantB.length, JSON.stringify(rows.slice(0, 3)));
    const got = rows.map((cells, i) => `${cells[1]}|${shown.callIds[i]}`).sort();
    const want = [...wantA.map((r) => `${alpha.name}|${r.callid}`), ...wantB.map((r) => `Bravo|${r.callid}`)].sort();
    assert.deepEqual(got, want);
    // Newest first across accounts.
    const starts = rows.map((_, i) => {
      const rec = (rows[i][1] === 'Bravo' ? wantB : wantA).find((r) => r.callid === shown.callIds[i])!;
      return Number(rec.startTime);
    });
    assert.deepEqual(starts, [...starts].sort((a, b) => b - a), 'newest first');
    // Each row: caller → called (the phone on one side), the vendor's reason and SIP code, the link.
    let linked = 0;
    let unlinked = 0;
    let unboundSeen = 0;
    rows.forEach((cells, i) => {
      const fromB = cells[1] === 'Bravo';
      const rec = (fromB ? wantB : wantA).find((r) => r.callid === shown.callIds[i])!;
      assert.ok(digits(cells[2]).includes(phone), `row ${i}: ${cells[2]}`);
      assert.equal(cells[5], classOf(rec), `row ${i}: the outcome of SIP ${rec.sipCode}`);
      assert.ok(cells[6].endsWith(`as sent: “${rec.hangupReason}” · SIP ${String(rec.sipCode)}`), `row ${i}: ${cells[6]}`);
      assert.ok(cells[7].startsWith(`${rec.pay}`) || cells[7].startsWith(String(rec.pay)), `row ${i}: cost ${cells[7]} vs ${rec.pay}`);
      const bind = liveBinding(fromB ? sbB : sbA, rec);
      if (bind) {
        assert.ok(cells[9].startsWith(`Binding ${bind}`), `row ${i}: ${cells[9]}`);
        linked++;
      } else {
        assert.equal(cells[9], 'no live binding', `row ${i}`);
        unlinked++;
        if (fromB && sbA.bindings().some((b) => b.bindId === unboundInB && pair(b.phoneA, b.phoneB) === pair(rec.caller, rec.called))) unboundSeen++;
      }
    });
    assert.ok(linked > 0, 'no call was linked to its binding');
    assert.ok(unlinked > 0 && unboundSeen > 0, 'the calls of the binding unbound in B are not marked "no live binding"');
    // Totals by outcome, counted here from both sandboxes' records.
    const counts = CLASSES.map((c) => [...wantA, ...wantB].filter((r) => classOf(r) === c).length);
    assert.equal(shown.totals, CLASSES.map((c, i) => `${c}: ${counts[i]}`).join(' · '));
    // As they arrive: the page was sent matches with the progress, before the end.
    const early = ext.calls.posted.filter((p) => p.key === key && p.message.type === 'callsProgress' && (p.message.calls?.length ?? 0) > 0);
    assert.ok(early.length > 0, 'no matches were shown before the read ended');
    // Both servers were asked for their records (both windows).
    for (const sb of [sbA, sbB]) assert.ok(sb.requests.filter((r) => r.path.endsWith('/number/record/queryPage')).length >= 2);

    // A call's link opens its binding's details.
    const i = rows.findIndex((cells) => cells[9].startsWith('Binding '));
    const ref = msg.calls.find((c) => c.callId === shown.callIds[i] && c.account === rows[i][1])!.ref;
    await ext.calls.receive(key, { type: 'openBinding', ref });
    const bindId = /^Binding (\S+)/.exec(rows[i][9])![1];
    await waitFor('the details of the linked binding', () => ext.details.binding?.bindId === bindId);
  });

  test('an account that fails is said in the panel while the other account\'s calls still show', async () => {
    await configure(ext, { maskNumbers: false });
    closePanels();
    sbB.setFaults({ rate: 1, kinds: ['status-18'], paths: ['/number/record/queryPage'] });
    try {
      await find(phone);
      const key = await waitFor('the phone\'s calls panel', phoneKey);
      const shown = await rendered(key, 'calls');
      const msg = lastCalls(key)!;
      assert.equal(msg.failed?.length, 1, JSON.stringify(msg.failed));
      assert.equal(msg.failed?.[0].account, 'Bravo');
      assert.deepEqual([...shown.callIds].sort(), ofPhone(sbA, msg.from, msg.to).map((r) => r.callid).sort(), 'account A\'s calls still show');
      assert.ok(shown.page?.includes('Account Bravo could not be read:'), shown.page);
    } finally {
      sbB.setFaults(undefined);
    }
  });

  test('with masking on, no phone shows anywhere in the panel (title, heading, rows, totals)', async () => {
    await configure(ext, { maskNumbers: true });
    closePanels();
    await find(phone);
    const key = await waitFor('the phone\'s calls panel', phoneKey);
    const shown = await rendered(key, 'calls');
    const msg = lastCalls(key)!;
    const recs = [...ofPhone(sbA, msg.from, msg.to), ...ofPhone(sbB, msg.from, msg.to)];
    const phones = new Set(recs.flatMap((r) => [r.caller, r.called]).filter((p) => p !== '').map(digits));
    assert.ok(phones.size > 1 && (shown.rows?.length ?? 0) > 0);
    const page = shown.page ?? '';
    assert.ok(page.includes('•'), 'nothing is masked');
    const title = ext.calls.panel(key)!.title;
    // Digits only (spaces, +, bullets dropped): no phone's full digits in the page, the title or what was posted.
    const posted = JSON.stringify(ext.calls.posted.filter((p) => p.key === key).map((p) => p.message));
    for (const p of phones) {
      for (const [what, text] of [['page', page], ['title', title], ['posted', posted]] as const) assert.ok(!digits(text).includes(p), `${what} shows ${p}`);
    }
    for (const cells of shown.rows ?? []) assert.match(cells[2], /•.*→.*•/, `a row shows ${cells[2]}`);
    // The middle numbers stay visible.
    assert.ok(recs.some((r) => digits(page).includes(digits(r.number))), 'the middle numbers are shown');
  });

  test('Find Binding by Number finds no binding (unbound): it offers Find Calls by Number…, which shows the phone\'s calls, none with a live binding any more', async () => {
    await configure(ext, { maskNumbers: false });
    closePanels();
    for (const b of sbA.bindings().filter((x) => digits(x.phoneA) === phone || digits(x.phoneB) === phone)) assert.ok(sbA.unbind(b.bindId));
    ext.ui.reset();
    ext.calls.lastCallsRendered = undefined;
    ext.calls.posted.length = 0;
    let qp: vscode.QuickPick<vscode.QuickPickItem & { calls?: string }> | undefined;
    const sub = ext.ui.onDidCreateQuickPick((q) => (qp = q as never));
    let done: Thenable<unknown>;
    try {
      // From the palette Find acts on the active account (issue 21): Alpha.
      await ext.accounts.setActive(alpha);
      ext.ui.answer(`+${phone}`, 'Rides', 'Last 60 days', 'All accounts');
      done = vscode.commands.executeCommand('laafficPns.findBinding');
      await waitFor('the results', () => qp);
    } finally {
      sub.dispose();
    }
    const pick = qp!;
    await waitFor('the search to end', () => !pick.busy, 30_000);
    assert.equal(pick.items.length, 2, JSON.stringify(pick.items.map((i) => i.label)));
    assert.match(pick.items[0].label, /^No binding matches/);
    const offer = pick.items[1];
    assert.equal(offer.label, '$(call-incoming) Find Calls by Number…');
    pick.activeItems = [offer];
    await sleep(300);
    pick.activeItems = [offer];
    await sleep(100);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await done;
    const key = await waitFor('the phone\'s calls panel', phoneKey);
    const shown = await rendered(key, 'calls');
    const msg = lastCalls(key)!;
    const want = [...ofPhone(sbA, msg.from, msg.to).map((r) => `${alpha.name}|${r.callid}`), ...ofPhone(sbB, msg.from, msg.to).map((r) => `Bravo|${r.callid}`)].sort();
    assert.deepEqual((shown.rows ?? []).map((cells, i) => `${cells[1]}|${shown.callIds[i]}`).sort(), want);
    for (const cells of (shown.rows ?? []).filter((c) => c[1] === alpha.name)) assert.equal(cells[9], 'no live binding');
  });
});
