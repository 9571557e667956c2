/**
 * The Laaffic PNS core: signing, the client, typed errors, record normalisation and page
 * walking. No `vscode` import: usable from plain Node (built as dist/api.js).
 */
export { sign, unixSeconds } from './sign';
export {
  PnsClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  MAX_PAGE_SIZE,
  isLoopbackHost,
  parseBaseUrl,
} from './client';
export type { PnsClientOptions, RequestInfo, RequestOptions, BindPageQuery, Envelope, Balance } from './client';
export {
  PnsError,
  PnsApiError,
  PnsTransportError,
  PnsValidationError,
  PnsAbortError,
  PnsWalkError,
  STATUS_TABLE,
  AUTH_STATUSES,
  describeSkew,
} from './errors';
export type { TransportErrorKind } from './errors';
export { normaliseRecord, normaliseBindPage, parseExpireTime, parseZoneOffset } from './normalize';
export type { BindingRecord, BindPage, BindingMode } from './normalize';
export { parseJsonKeepingBigInts } from './json';
export { walkBindPages, collectBindings, DEFAULT_MAX_PAGES } from './walk';
export type { BindPageSource, WalkOptions, WalkStep, WalkSummary, WalkEnd } from './walk';
export { bindingState, formatDuration, relativeExpiry, digitsOnly, formatInZone } from './state';
export type { BindingState } from './state';
