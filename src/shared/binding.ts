/** What a binding's states and fields are called, once, for the extension and the panels' browser code alike. */
import type { BindingState } from '../api/state';
import { translator as l10n } from '../display/text';

/** The core's expiry rule, for the page too (src/webview-ui/ imports only src/shared/). */
export { bindingState, type BindingState, durationParts, type DurationUnit } from '../api/state';

/** The human name of each state, in the order the filter offers them. */
export const STATE_LABEL: Readonly<Record<BindingState, string>> = {
  active: 'Active',
  expiring: 'Expiring soon',
  expired: 'Expired',
  unknown: 'Expiry unknown',
};
export const STATES: readonly BindingState[] = ['active', 'expiring', 'expired', 'unknown'];

/** The number (and id) fields of a binding record. */
export type BindingField = 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB' | 'bindId';

export interface FieldInfo {
  field: BindingField;
  /** As a label: "Middle number A". */
  label: string;
  /** Who sees it (AXXB), for longer texts such as the tooltip: "seen by B". */
  seenBy?: string;
}

export const FIELDS: readonly FieldInfo[] = [
  { field: 'phoneA', label: 'Phone A' },
  { field: 'phoneB', label: 'Phone B' },
  { field: 'pnsNumberA', label: 'Middle number A', seenBy: 'seen by B' },
  { field: 'pnsNumberB', label: 'Middle number B', seenBy: 'seen by A' },
  { field: 'bindId', label: 'Bind id' },
];

export const FIELD_LABEL: Readonly<Record<BindingField, string>> = Object.fromEntries(FIELDS.map((f) => [f.field, f.label])) as Record<BindingField, string>;

/** The label inside a sentence: "middle number A", "bind id". */
export function fieldPhrase(field: BindingField): string {
  return FIELD_LABEL[field].replace(/^\w/, (c) => c.toLowerCase());
}

/** The middle number(s) as shown next to a binding: one for AXB, "A / B" for AXXB. */
export function middleNumbers(r: { mode: string; pnsNumberA: string; pnsNumberB: string }): string {
  return r.mode === 'AXB' ? r.pnsNumberA : `${r.pnsNumberA} / ${r.pnsNumberB}`;
}

/** Printable ASCII without spaces: what an API key or secret (an HTTP header value) may hold. */
export function isPrintableAscii(v: string): boolean {
  return /^[\x21-\x7e]+$/.test(v);
}

/** An input box's validateInput for a credential: a problem to show, or undefined. */
export const credentialProblem = (what: string) => (v: string): string | undefined =>
  v.trim() === '' ? l10n.t('The {0} cannot be empty.', what) : isPrintableAscii(v) ? undefined : l10n.t('The {0} has spaces or characters that are not allowed.', what);

/** The vendor's zone when the setting could not be read: +08:00 (Laaffic's default). */
export const DEFAULT_VENDOR_ZONE_MINUTES = 480;

/** The offset in which vendor times are written, with the one fallback. */
export function vendorZoneMinutes(settings: { expireZoneMinutes: number | null }): number {
  return settings.expireZoneMinutes ?? DEFAULT_VENDOR_ZONE_MINUTES;
}

/** The 1-based page a record at `position` (0-based, in the vendor's order) is on. */
export function pageOf(position: number, pageSize: number): number {
  return Math.floor(position / pageSize) + 1;
}
