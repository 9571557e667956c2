/**
 * number/pns/queryBindPage: one page of an account's (or one app's) AXB / AXXB bindings,
 * checked and normalised into BindingRecords.
 */
import { PnsValidationError } from '../errors';
import { type BindPage, normaliseBindPage } from '../normalize';
import type { RequestOptions } from '../options';
import type { Caller } from './caller';
import { checkPaging } from './fields';

export { MAX_PAGE_SIZE } from './fields';
export const QUERY_BIND_PAGE_PATH = 'number/pns/queryBindPage';

export interface BindPageQuery {
  /** Page number, 1..N. */
  current: number;
  /** Page size, 1..100. */
  size: number;
  /** Only this app's bindings; all apps of the key when absent. */
  appId?: string;
}

/** The request body of a query, else PnsValidationError (nothing is sent). */
export function bindPageBody(query: BindPageQuery): { current: number; size: number; params: { appId?: string } } {
  const { current, size } = checkPaging(query.current, query.size);
  const appId = query.appId;
  const params: { appId?: string } = {};
  if (appId !== undefined && appId !== null) {
    // eslint-disable-next-line no-control-regex
    if (typeof appId !== 'string' || appId.trim() === '' || appId.length > 128 || /[\x00-\x1f\x7f]/.test(appId)) {
      throw new PnsValidationError('appId', 'The app id must be a non-empty line of text.', 'Copy the app id from the Laaffic console.');
    }
    params.appId = appId.trim();
  }
  return { current, size, params };
}

/** One page of bindings, normalised (expiry texts read in `zoneOffsetMinutes`). Idempotent, so retried. */
export async function queryBindPage(caller: Caller, query: BindPageQuery, zoneOffsetMinutes: number, options: RequestOptions = {}): Promise<BindPage> {
  const body = bindPageBody(query);
  const env = await caller.call(QUERY_BIND_PAGE_PATH, body, { ...options, idempotent: true });
  const page = normaliseBindPage(env.data, { current: body.current, size: body.size }, zoneOffsetMinutes, caller.host);
  page.replyChars = env.replyChars;
  return page;
}
