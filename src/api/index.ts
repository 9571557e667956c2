/**
 * The Laaffic PNS core: signing, the client, typed errors, record normalisation and paged
 * reads. No `vscode` import: usable from plain Node (built as dist/api.js).
 */
export { sign, unixSeconds } from './sign';
export {
  PnsClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  MAX_PAGE_SIZE,
  DEFAULT_MAX_CLOCK_CORRECTION_MS,
  parseBaseUrl,
  loopbackOnlyLookup,
} from './client';
export { BRANDS, type Brand, DOCUMENTED_ORIGINS, isLoopbackHost, isLoopbackAddress, originVerdict } from './origins';
export { safeText, noIcons, REDACTED, DEFAULT_SAFE_MAX } from './safe';
export type { SafeTextOptions } from './safe';
export type { PnsClientOptions, RequestInfo, RequestOptions, BindPageQuery, Envelope, Balance } from './client';
export { PnsTransport } from './transport';
export type { TransportOptions } from './options';
export type { Caller } from './endpoints/caller';
export {
  PnsError,
  PnsApiError,
  PnsTransportError,
  PnsValidationError,
  PnsAbortError,
  PnsWalkError,
  PnsOutcomeUnknownError,
  STATUS_TABLE,
  STATUS_TABLE_ZH,
  statusText,
  coreLanguage,
  AUTH_STATUSES,
  describeSkew,
  describeDuration,
} from './errors';
export type { TransportErrorKind, CoreLanguage, StatusInfo } from './errors';
export { normaliseRecord, normaliseBindPage, parseExpireTime, parseZoneOffset } from './normalize';
export type { BindingRecord, BindPage, BindingMode } from './normalize';
export { parseJsonKeepingBigInts, capDepth, MAX_JSON_DEPTH, NESTED_TOO_DEEP } from './json';
export { walkBindPages, collectBindings, loadAll, bindPageFetcher, bindingKey, DEFAULT_LOAD_ALL_MAX_RECORDS } from './walk';
export type { BindPageSource, WalkOptions, WalkStep, WalkSummary, WalkEnd, BindPageResult, LoadAllOptions, LoadAllPage, LoadAllResult, PositionedRecord } from './walk';
export { orderedPages, compactKey, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, DEFAULT_MAX_PAGES, DEFAULT_MAX_CHARS } from './pages';
export type { Page, FetchContext, FetchPage, PageKey, PageRetry, OrderedPagesOptions, StreamPage, PagesEnd, PagesStats, PageStream } from './pages';
export { findBinding } from './find';
export type { FindBindingOptions, FindBindingResult, FoundBinding } from './find';
export { bindingState, formatDuration, relativeExpiry, digitsOnly, formatInZone } from './state';
export type { BindingState } from './state';
export { PageCache, cachedSource, cachedFetchPage, canonicalJson, bindGroup, BIND_PAGE_ENDPOINT, DEFAULT_CACHE_TTL_MS, DEFAULT_CACHE_MAX_PAGES, DEFAULT_CACHE_MAX_CHARS } from './cache';
export type { PageCacheOptions, CachedRequestOptions, PageGroup, CacheablePage } from './cache';
export {
  parseSearchQuery,
  matchBinding,
  searchBindings,
  MATCH_FIELDS,
  MIN_PARTIAL_DIGITS,
  DEFAULT_SEARCH_CONCURRENCY,
  MAX_SEARCH_MATCHES,
} from './search';
export type { MatchMode, MatchField, SearchQuery, SearchProgress, SearchMatch, SearchOptions, SearchResult } from './search';
export { toCsv, toJson, csvCell, exportRow, EXPORT_COLUMNS } from './export';
export type { ExportOptions, ExportRow } from './export';
export { exportBindings, outputWriter } from './exportStream';
export type { ExportBindingsOptions, ExportBindingsResult, ExportProgress, ExportOutput } from './exportStream';
export {
  isRetryable,
  backoffDelay,
  parseRetryAfter,
  parseHttpDate,
  describeError,
  classifyFailure,
  retryDelay,
  sleep,
  DEFAULT_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  MAX_RETRIES,
  RETRYABLE_STATUSES,
} from './retry';
export type { RetryOptions, RetryInfo, FailureClass } from './retry';
export { queryNumberPage, queryNumberPool, normaliseNumber, normalisePool, discoverAppIds, appOfNumber, numberPageFetcher, QUERY_NUMBER_PAGE_PATH, QUERY_NUMBER_POOL_PATH } from './endpoints/numbers';
export type { MiddleNumber, NumberState, NumberPage, NumberPageQuery, NumberPool, NumberPoolPage, NumberPoolQuery, NumberPageSource, DiscoveredApp, DiscoverAppsOptions, DiscoverAppsResult, AppOfNumberOptions } from './endpoints/numbers';
export {
  queryCallRecordPage,
  normaliseCallRecord,
  callRecordPageBody,
  hangupText,
  recordingUrl,
  isoWithOffset,
  QUERY_CALL_RECORD_PAGE_PATH,
  MAX_WINDOW_MS,
  RETENTION_MS,
} from './endpoints/records';
export type { CallRecord, CallDirection, CallRecordPage, CallRecordPageQuery } from './endpoints/records';
export { callRecordsFor, splitWindow } from './endpoints/callRecordsFor';
export type { TimeWindow, CallRecordSource, CallRecordsOptions, CallRecordsProgress, CallRecordsResult } from './endpoints/callRecordsFor';
export { callPredicate, MIN_NUMBER_DIGITS, MAX_NUMBER_DIGITS } from './endpoints/callScope';
export type { CallScope, CallFields, CallPredicate } from './endpoints/callScope';
export { callOutcome, CALL_OUTCOMES } from './endpoints/outcome';
export { pairKey } from './pairs';
export type { CallOutcome, OutcomeFields } from './endpoints/outcome';
export { bind, unbind, bindBody, BIND_PATH, UNBIND_PATH, MAX_EXPIRE_S } from './endpoints/bind';
export type { BindRequest, BindResult, UnbindRequest, UnbindResult } from './endpoints/bind';
export { appIdProblem, checkAppId, checkPageSize } from './endpoints/fields';
export { normaliseListPage } from './normalize';
export type { ListPage } from './normalize';
export { PairSet, pairHash, pairHashOf } from './health/pairSet';
export { readHealth } from './health/read';
export type { HealthSource, HealthProgress, HealthPart, ReadHealthOptions } from './health/read';
export { healthSetFilter, livePairSet, readHealthSet } from './health/filter';
export type { HealthSetContext, HealthSetFilter, ReadHealthSetOptions } from './health/filter';
export { figuresCsv, FIGURES_CSV_HEADER } from './health/csv';
export { healthBindingStream, healthCallStream, healthNumberStream, cacheStoreLimit, HEALTH_PAGE_SIZE } from './health/streams';
export type { HealthStreamOptions } from './health/streams';
export { callingCode } from './health/codes';
export { EXPIRY_BUCKETS, EXPIRY_BUCKET_MS, TOP_COUNTRIES, TOP_NUMBERS, TOP_REASONS, DUE_DAYS, HEALTH_CALL_DAYS } from './health/figures';
export type { HealthFigures, HealthSet, HealthProblem, BindingFigures, CallFigures, CallDay, NumberFigures, BalanceFigures, DueNumber, TopList, ExpiryBucket } from './health/figures';
