/**
 * How a phone number is shown, masked, spoken and copied, everywhere. The vendor gives digits with
 * the country code and no '+' ("917414913233"); shown in international format ("+91 74149 13233"),
 * or as it came when libphonenumber-js cannot read it. Middle numbers are never masked.
 */
import type { ParsedPhone } from './phoneLib';
import { DISPLAY_TEXT } from './text';

type PhoneLib = typeof import('./phoneLib');

let lib: PhoneLib | undefined;
let loadMs: number | undefined;

function phoneLib(): PhoneLib {
  if (!lib) {
    const t0 = Date.now();
    // Synchronous (tree items are drawn synchronously) and lazy: ~120 KB, never at activation.
    // The build resolves it to dist/phoneLib.js, a bundle of its own.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lib = require('./phoneLib') as PhoneLib;
    loadMs = Date.now() - t0;
  }
  return lib;
}

/** Whether the formatting library has been loaded yet, and how long that took (tests, the log). */
export function phoneLibState(): { loaded: boolean; ms?: number } {
  return lib ? { loaded: true, ms: loadMs } : { loaded: false };
}

/** The bullet that stands for one hidden digit. */
export const MASK_CHAR = '\u2022';
export type CopyFormat = 'digits' | 'e164';

const PLAIN_DIGITS = /^\d{1,20}$/;
/** Numbers parsed so far (a redraw of the tree asks again every minute). Bounded. */
const cache = new Map<string, ParsedPhone | null>();
const CACHE_MAX = 50_000;

/** The library's reading of a digit string, or undefined; only when it gives back exactly these digits. */
export function parsePhoneDigits(value: string): ParsedPhone | undefined {
  if (!PLAIN_DIGITS.test(value)) return undefined;
  const hit = cache.get(value);
  if (hit !== undefined) return hit ?? undefined;
  let parsed: ParsedPhone | undefined;
  try {
    parsed = phoneLib().parsePhone(value);
  } catch {
    parsed = undefined;
  }
  // The display must never show other digits than the real ones (a national prefix dropped, …).
  if (parsed && (parsed.callingCode + parsed.national !== value || parsed.international.replace(/\D/g, '') !== value)) parsed = undefined;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(value, parsed ?? null);
  return parsed;
}

const regionNames = new Map<string, Intl.DisplayNames | null>();
const countryNames = new Map<string, string>();

/** "India" for "IN" (in `locale`, English by default); '' when unknown. */
export function countryName(iso: string | undefined, locale = 'en'): string {
  if (!iso) return '';
  const key = `${locale}:${iso}`;
  const hit = countryNames.get(key);
  if (hit !== undefined) return hit;
  let names = regionNames.get(locale);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'none' });
    } catch {
      names = null;
    }
    regionNames.set(locale, names);
  }
  let name: string;
  try {
    name = names?.of(iso) ?? '';
  } catch {
    name = '';
  }
  countryNames.set(key, name);
  return name;
}

export interface NumberDisplay {
  masked?: boolean;
  /** Add " · India", in `locale` (default English). */
  country?: boolean;
  locale?: string;
}

/** "+91 74149 13233", masked "+91 74•••• 3233"; a value the library cannot read comes back as it is (the caller makes it safe). */
export function formatNumber(value: string, o: NumberDisplay = {}): string {
  if (value === '') return '';
  const p = parsePhoneDigits(value);
  let text: string;
  if (p) text = o.masked ? `+${p.callingCode} ${maskDigits(p.national)}` : p.international;
  else text = o.masked ? maskUnreadable(value) : value;
  if (o.country && p?.iso) {
    const name = countryName(p.iso, o.locale);
    if (name) text += ` · ${name}`;
  }
  return text;
}

/** Phone A or B (a real person's number) as shown: remembered for the log's safety net, then formatted. */
export function formatPhone(value: string, o: NumberDisplay = {}): string {
  rememberPhone(value);
  return formatNumber(value, o);
}

/**
 * The masking rule for the national part: at least 4 digits hidden; of the rest, the first two
 * shown, then up to the last four (10 digits: `74•••• 3233`). One bullet per hidden digit.
 */
export function maskDigits(national: string): string {
  const { first, hidden, last } = maskShape(national.length);
  const head = national.slice(0, first) + MASK_CHAR.repeat(hidden);
  return last > 0 ? `${head} ${national.slice(national.length - last)}` : head;
}

/** How many digits of n the mask shows first, hides, and shows last (the rule above). */
function maskShape(n: number): { first: number; hidden: number; last: number } {
  const visible = Math.max(0, n - 4);
  const first = Math.min(2, visible);
  const last = Math.min(4, visible - first);
  return { first, hidden: n - first - last, last };
}

/** A value the library could not read, masked: its digits by the same rule, or bullets. */
function maskUnreadable(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits ? maskDigits(digits) : MASK_CHAR.repeat(4);
}

/**
 * A number for a screen reader, in the groups it is shown in ("91 74149 13233"); masked, with how
 * many digits are hidden ("91 74, 4 digits hidden, 3233"); unreadable digits in even groups.
 */
export function spokenNumber(value: string, masked = false): string {
  if (value === '') return '';
  const p = parsePhoneDigits(value);
  if (!masked) return p ? p.international.replace(/^\+/, '').replace(/[^\d]+/g, ' ') : PLAIN_DIGITS.test(value) ? evenGroups(value) : value;
  const national = p ? p.national : value.replace(/\D/g, '');
  const { first, hidden, last } = maskShape(national.length);
  const head = [p?.callingCode ?? '', national.slice(0, first)].filter(Boolean).join(' ');
  return DISPLAY_TEXT.spokenParts([head, DISPLAY_TEXT.digitsHidden(hidden), last ? national.slice(national.length - last) : '']);
}

/** Digits in groups of at most four, as even as can be, the longer groups first: "1234 567 890". */
function evenGroups(digits: string): string {
  const count = Math.ceil(digits.length / 4);
  const base = Math.floor(digits.length / count);
  const longer = digits.length % count;
  const out: string[] = [];
  for (let i = 0, at = 0; i < count; i++) {
    const n = base + (i < longer ? 1 : 0);
    out.push(digits.slice(at, at + n));
    at += n;
  }
  return out.join(' ');
}

/** What Copy puts on the clipboard: the vendor's digits, or E.164. */
export function copyText(value: string, format: CopyFormat): string {
  return format === 'e164' && PLAIN_DIGITS.test(value) ? `+${value}` : value;
}

// ---- the safety net for notifications and the log ---------------------------------------

/** Phones A and B shown so far: maskKnownPhones() masks them in any message. */
const knownPhones = new Set<string>();
const KNOWN_MAX = 200_000;

export function rememberPhone(value: string): void {
  if (!PLAIN_DIGITS.test(value) || value.length < 5 || knownPhones.has(value)) return;
  if (knownPhones.size >= KNOWN_MAX) knownPhones.delete(knownPhones.values().next().value as string);
  knownPhones.add(value);
}

/** Runs of digits, possibly written with a '+' and single spaces or dashes between groups. */
const NUMBER_RUN = /\+?\d(?:[ -]?\d)*/g;

/**
 * `text` with every remembered phone A or B masked, whether written as plain digits, E.164 or
 * in international format; other numbers (bind ids, middle numbers) are left alone.
 */
export function maskKnownPhones(text: string): string {
  if (knownPhones.size === 0 || !/\d{3}/.test(text.replace(/[ -]/g, ''))) return text;
  return text.replace(NUMBER_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 5) return run;
    if (knownPhones.has(digits)) return formatNumber(digits, { masked: true });
    // A phone next to other digits ("binding 409561917 917414913233"): try each group boundary,
    // and keep the separators (and the whole run, when no phone is in it) as written.
    const parts = run.split(/(?<=\d)([ -])(?=\d)/);
    const groups = parts.filter((_, k) => k % 2 === 0);
    const seps = parts.filter((_, k) => k % 2 === 1);
    let out = '';
    let found = false;
    let i = 0;
    while (i < groups.length) {
      let matched = 0;
      let acc = '';
      for (let j = i; j < groups.length && j < i + 8; j++) {
        acc += groups[j].replace(/\D/g, '');
        if (knownPhones.has(acc)) matched = j - i + 1;
      }
      if (matched) {
        out += formatNumber(groups.slice(i, i + matched).join('').replace(/\D/g, ''), { masked: true });
        i += matched;
        found = true;
      } else {
        out += groups[i];
        i++;
      }
      if (i < groups.length) out += seps[i - 1];
    }
    return found ? out : run;
  });
}
