/**
 * What a binding's tree item says, without vscode (unit-tested): its label, description,
 * tooltip rows and accessibility label, with the numbers in international format and phones A
 * and B masked while masking is on. The values are still foreign text: the item makes each a
 * safe line (bindingItem.ts).
 */
import { type BindingRecord, bindingState, type BindingState, formatInZone } from '../api';
import { formatNumber, formatPhone, spokenNumber } from '../display/phone';
import { DISPLAY_TEXT, shortExpiry, translator as l10n } from '../display/text';

export interface BindingTextOptions {
  now: number;
  soonHours: number;
  zoneOffsetMinutes: number;
  /** Mask phones A and B (laafficPns.maskNumbers). */
  masked: boolean;
  /** The language of the country names in the tooltip (default English). */
  locale?: string;
  app: { appId: string | undefined; label: string };
}

export interface BindingText {
  state: BindingState;
  /** Phone A ↔ phone B, each '' when absent. */
  phoneA: string;
  phoneB: string;
  /** "in 1 d": only the expiry, in one unit, so that a narrow side bar still shows it next to phones A and B (the tooltip has the middle numbers and the exact expiry). */
  description: string;
  /** [label, value] rows of the tooltip. */
  rows: Array<[string, string]>;
  /** The accessibility label: "binding 409561917: 52 33 6047 2548 to 91 74149 13233 via 91 80001 23456, active, expires in 1 day 11 hours" (AXXB: "via middle numbers … and …"; the state said once). */
  spoken: string;
}

/** The middle number(s) next to a binding: one for AXB, "A / B" for AXXB, each in international format. */
export function middleText(r: Pick<BindingRecord, 'mode' | 'pnsNumberA' | 'pnsNumberB'>): string {
  return r.mode === 'AXB' ? formatNumber(r.pnsNumberA) : `${formatNumber(r.pnsNumberA)} / ${formatNumber(r.pnsNumberB)}`;
}

/** Phone A or B as shown: international format, masked when asked. */
function phoneText(value: string, masked: boolean, country = false, locale?: string): string {
  return formatPhone(value, { masked, country, locale });
}

export function bindingText(r: BindingRecord, o: BindingTextOptions): BindingText {
  const state = bindingState(r.expiresAt, o.now, o.soonHours);
  const expiry = r.expiresAt === null ? l10n.t('unreadable') : formatInZone(r.expiresAt, o.zoneOffsetMinutes);
  const app = o.app;
  const rows: Array<[string, string]> = [
    [l10n.t('Phone A'), phoneText(r.phoneA, o.masked, true, o.locale)],
    [l10n.t('Phone B'), phoneText(r.phoneB, o.masked, true, o.locale)],
    [l10n.t('Middle number A (seen by B)'), formatNumber(r.pnsNumberA, { country: true, locale: o.locale })],
    [l10n.t('Middle number B (seen by A)'), formatNumber(r.pnsNumberB, { country: true, locale: o.locale })],
    [l10n.t('Expires'), l10n.t('{0} ({1})', expiry, shortExpiry(r.expiresAt, o.now, 2))],
    [l10n.t('expireTime as sent'), r.expireTime === '' ? l10n.t('(empty)') : r.expireTime],
    [l10n.t('App'), app.appId === undefined ? l10n.t('all apps') : app.label === app.appId ? app.appId : l10n.t('{0} ({1})', app.label, app.appId)],
  ];
  const spokenOr = (v: string, masked: boolean) => spokenNumber(v, masked) || DISPLAY_TEXT.unknownNumber;
  const via = r.mode === 'AXB' ? spokenOr(r.pnsNumberA, false) : DISPLAY_TEXT.spokenMiddlePair(spokenOr(r.pnsNumberA, false), spokenOr(r.pnsNumberB, false));
  return {
    state,
    phoneA: phoneText(r.phoneA, o.masked),
    phoneB: phoneText(r.phoneB, o.masked),
    description: shortExpiry(r.expiresAt, o.now, 1),
    rows,
    spoken: DISPLAY_TEXT.spokenBinding({
      bindId: r.bindId,
      a: spokenOr(r.phoneA, o.masked),
      b: spokenOr(r.phoneB, o.masked),
      via,
      state: DISPLAY_TEXT.spokenStateAndExpiry(state, r.expiresAt, o.now),
    }),
  };
}
