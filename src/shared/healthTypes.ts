/**
 * The dashboard's figures and sets as the page sees them: the same shapes as HealthFigures and
 * HealthSet (src/api/health/figures.ts, the contract), written out here because the page's code
 * may import nothing that reaches the core's Node modules. The extension hands the core's values
 * to these types and back (src/webview/health/panel.ts), so the compiler checks that the two agree.
 */
export type PageBindingState = 'active' | 'expiring' | 'expired' | 'unknown';
export type PageExpiryBucket = 'expired' | '1h' | '24h' | '7d' | 'later' | 'unknown';
export type PageMode = 'AXB' | 'AXXB';
export type PageOutcome = 'answered' | 'busy' | 'no-answer' | 'failed' | 'other';
export type PageNumberState = 'in-use' | 'expired' | 'disabled' | 'unknown';

export interface PageTopList {
  top: Array<{ key: string; count: number }>;
  rest: number;
}

export interface PageFigures {
  asOf: number;
  zoneOffsetMinutes: number;
  account: string;
  appId?: string;
  bindings: {
    total: number;
    states: Record<PageBindingState, number>;
    expiry: Record<PageExpiryBucket, number>;
    modes: Record<PageMode, number>;
    countriesA: PageTopList;
    countriesB: PageTopList;
    perNumber: PageTopList;
    numbersIdle: number;
    numbersCarrying: number;
    numbersUnknown?: boolean;
  } | null;
  calls: {
    from: number;
    to: number;
    total: number;
    outcomes: Record<PageOutcome, number>;
    days: Array<{ day: string; outcomes: Record<PageOutcome, number>; answerRate: number | null; cost: string }>;
    durationMedianS: number | null;
    durationP90S: number | null;
    currency: string;
    costTotal: string;
    otherCurrencyCalls: number;
    reasons: PageTopList;
    withoutLiveBinding: number;
    withoutLiveBindingUnknown?: boolean;
  } | null;
  numbers: {
    total: number;
    states: Record<PageNumberState, number>;
    dueWithoutRenew: Array<{ number: string; appId: string; dueDate: number }>;
    dueWithoutRenewTotal: number;
  } | null;
  balance: { balance: string; currency: string; dailyCost: string | null; runwayDays: number | null } | null;
  problems: Array<{ part: 'bindings' | 'calls' | 'numbers' | 'balance'; message: string }>;
}

export type PageSet =
  | { of: 'bindings'; by: 'state'; value: PageBindingState }
  | { of: 'bindings'; by: 'expiry'; value: PageExpiryBucket }
  | { of: 'bindings'; by: 'mode'; value: PageMode }
  | { of: 'bindings'; by: 'countryA' | 'countryB'; value: string }
  | { of: 'bindings'; by: 'number'; value: string }
  | { of: 'calls'; by: 'outcome'; value: PageOutcome; day?: string }
  | { of: 'calls'; by: 'reason'; value: string }
  | { of: 'calls'; by: 'withoutLiveBinding' }
  | { of: 'numbers'; by: 'state'; value: PageNumberState }
  | { of: 'numbers'; by: 'dueWithoutRenew' };
