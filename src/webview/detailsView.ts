/** What the details panel shows of a record. */
import * as vscode from 'vscode';
import { BindingRecord, capDepth, formatInZone, MAX_JSON_DEPTH } from '../api';
import { Settings } from '../config/settings';
import { vendorZoneMinutes } from '../shared/binding';
import { BindingView } from '../shared/messages';

/** The binding's record plus where it was found. */
export interface BindingSource {
  record: BindingRecord;
  app: { appId: string | undefined; label: string };
  page: number;
  /** The id of the account it belongs to. */
  account: string;
}

export function toView(src: BindingSource, settings: Settings, fetchedAt = Date.now()): BindingView {
  const r = src.record;
  const zone = vendorZoneMinutes(settings);
  return {
    bindId: r.bindId,
    phoneA: r.phoneA,
    phoneB: r.phoneB,
    pnsNumberA: r.pnsNumberA,
    pnsNumberB: r.pnsNumberB,
    mode: r.mode,
    expireTime: r.expireTime,
    expiresAt: r.expiresAt,
    expiresInVendorZone: r.expiresAt === null ? null : formatInZone(r.expiresAt, zone),
    vendorZone: settings.expireTimeZone,
    expiringSoonHours: settings.expiringSoonHours,
    app: { appId: src.app.appId ?? null, label: src.app.label, account: src.account },
    page: src.page,
    // A hostile record nested thousands of levels deep is shown to a sane depth, not a stack overflow.
    rawJson: JSON.stringify(capDepth(r.raw, MAX_JSON_DEPTH, vscode.l10n.t('… nested too deep')), null, 2),
    fetchedAt,
  };
}
