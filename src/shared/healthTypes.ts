/**
 * The dashboard's figures and sets as the page gets them: the core's contract itself
 * (src/api/health/figures.ts, types only, which tsconfig.webview.json lets the page read).
 */
export type {
  HealthFigures as PageFigures,
  HealthSet as PageSet,
  TopList as PageTopList,
  ExpiryBucket as PageExpiryBucket,
} from '../api/health/figures';
export type { BindingState as PageBindingState, NumberState as PageNumberState } from '../api/state';
export type { CallOutcome as PageOutcome } from '../api/endpoints/outcome';
import type { BindingFigures } from '../api/health/figures';

export type PageMode = keyof BindingFigures['modes'];
