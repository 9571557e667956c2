/**
 * What a page is sent, made from what the extension holds (no vscode import): every number in
 * international format with its country, and phones A and B (and the callers and called of the
 * Calls section) masked while masking is on, in the fields and in the raw JSON alike. The page
 * never receives a number it does not show; Copy asks the extension for the real value by field name.
 */
import { formatNumber, formatPhone, maskKnownPhones } from '../display/phone';
import type { BindingView, NumberField, PageView, ToCallsPage, ToPanel, ToWebview } from '../shared/messages';

export interface PageDisplay {
  /** laafficPns.maskNumbers */
  masked: boolean;
  /** The language of country names (default English). */
  locale?: string;
  /** The panel's line while masked ("Phones A and B are masked…"), already in the display language. */
  maskedNote?: string;
}

const JSON_TOKEN = /"(?:\\.|[^"\\])*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * The raw record's JSON with phones A and B masked: a string or number that is one of them
 * becomes its masked form (as a JSON string); a longer string that contains one (5 digits or
 * more) has it masked inside.
 */
export function maskRawJson(json: string, phones: readonly string[]): string {
  const list = phones.filter((p) => p !== '');
  if (list.length === 0) return json;
  return json.replace(JSON_TOKEN, (token) => {
    const isString = token.startsWith('"');
    const value = isString ? (JSON.parse(token) as string) : token;
    if (list.includes(value)) return JSON.stringify(formatNumber(value, { masked: true }));
    if (!isString) return token;
    let out = value;
    for (const p of list) if (p.length >= 5 && out.includes(p)) out = out.split(p).join(formatNumber(p, { masked: true }));
    return out === value ? token : JSON.stringify(out);
  });
}

export function toPageView(v: BindingView, d: PageDisplay): PageView {
  const { phoneA, phoneB, pnsNumberA, pnsNumberB, ...rest } = v;
  const o = { country: true, locale: d.locale };
  const shown: Record<NumberField, string> = {
    phoneA: formatPhone(phoneA, { ...o, masked: d.masked }),
    phoneB: formatPhone(phoneB, { ...o, masked: d.masked }),
    pnsNumberA: formatNumber(pnsNumberA, o),
    pnsNumberB: formatNumber(pnsNumberB, o),
  };
  return { ...rest, rawJson: d.masked ? maskRawJson(v.rawJson, [phoneA, phoneB]) : v.rawJson, shown, masked: d.masked, maskedNote: d.masked ? (d.maskedNote ?? '') : '' };
}

/** A text for the page (a note, an error): while masked, any phone A or B shown so far masked in it. */
function pageText(text: string, d: PageDisplay): string {
  return d.masked ? maskKnownPhones(text) : text;
}

/** A message for the page as it is sent: the binding made a PageView, the calls' numbers as shown. */
export function toPage(m: ToPanel | ToCallsPage, d: PageDisplay): ToWebview | ToCallsPage {
  if (m.type === 'show') {
    const binding = toPageView(m.binding, d);
    return m.note === undefined ? { ...m, binding } : { ...m, binding, note: pageText(m.note, d) };
  }
  // Texts composed earlier (a replay after Mask Numbers, a vendor error quoting a number) are masked as they are sent.
  if (m.type === 'gone' || m.type === 'error' || m.type === 'callsError') return { ...m, text: pageText(m.text, d) };
  if (m.type === 'calls' || (m.type === 'callsProgress' && m.calls)) {
    const failed = m.failed?.map((f) => ({ account: pageText(f.account, d), text: pageText(f.text, d) }));
    const calls = (m.calls ?? []).map((c) => ({
      ...c,
      caller: formatPhone(c.caller, { masked: d.masked }),
      called: formatPhone(c.called, { masked: d.masked }),
      number: formatNumber(c.number),
      // The vendor's words, as sent: a phone A or B in them masked like every text.
      hangupReason: pageText(c.hangupReason, d),
    }));
    if (m.type === 'calls') return { ...m, notes: m.notes.map((n) => pageText(n, d)), calls, ...(failed ? { failed } : {}) };
    return { ...m, calls, ...(failed ? { failed } : {}) };
  }
  return m;
}
