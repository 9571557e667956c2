/**
 * The health dashboards (`laafficPns.health`): one panel per scope (an account's bindings of every
 * app, or one app's); opening it again reveals it and reads again. The figures are read through
 * readHealth (src/api/health/) over the account's client and page cache (pages of the last minute
 * are reused), with progress and Cancel in the page; the page gets them as it may see them
 * (the vendor's texts masked while masking is on; middle numbers as the tree shows them).
 */
import * as vscode from 'vscode';
import { PnsAbortError, PnsError } from '../../api/errors';
import type { HealthFigures, HealthSet } from '../../api/health/figures';
import { readHealth } from '../../api/health/read';
import { HEALTH_VIEW_TYPE } from '../../config/ids';
import { vendorZoneMinutes } from '../../shared/binding';
import { parseFromHealthPage, type ToHealthPage } from '../../shared/healthMessages';
import { PanelPage, panelOptions, type PanelDeps, type PanelProbe } from '../panelPage';
import { formatNumber, maskKnownPhones } from '../../display/phone';
import { errorText } from '../../ui/language';
import { safeMessage } from '../../ui/safety';
import { panelLocale } from '../panelStrings';
import { healthStrings } from './strings';
import type { HealthHost, HealthScope } from './host';
import { exportFigures } from './exportFigures';
import { openSet } from './sets';

/** How often the page hears how far a reading got. */
const PROGRESS_MS = 100;

export const scopeKey = (s: Pick<HealthScope, 'account' | 'appId'>): string => `${s.account.id}/${s.appId ?? '*'}`;

export type HealthPage = InstanceType<ReturnType<typeof healthPageClass>>;

/** The dashboard's page, on the extension's PanelPage (dist/health.js has no copy of it: scripts/build.mjs LAZY). */
function healthPageClass(Base: typeof PanelPage) {
  return class HealthPage extends Base<ToHealthPage> {
    figures: HealthFigures | undefined;
    #reading: AbortController | undefined;
    #last: ToHealthPage | undefined;
    /** The reasons as the page was last sent them -> as the vendor wrote them (they may be masked on the page). */
    #reasons = new Map<string, string>();

    constructor(
      panel: vscode.WebviewPanel,
      readonly host: HealthHost,
      public scope: HealthScope,
      probe: PanelProbe | undefined,
      private readonly closedBy: (p: HealthPage) => void,
    ) {
      super(panel, host.deps, 'health', () => Promise.reject(new Error('the dashboard reads no calls section')), probe);
    }

    override get key(): string {
      return scopeKey(this.scope);
    }

    target(): undefined {
      return undefined;
    }

    owner(): { account: string; name: string } {
      return { account: this.scope.account.id, name: `The health dashboard of "${this.scope.title}"` };
    }

    protected hello(): ToHealthPage[] {
      const out: ToHealthPage[] = [
        { type: 'healthStrings', strings: healthStrings(), locale: panelLocale() },
        { type: 'healthScope', title: this.scope.title },
      ];
      if (this.figures) out.push(this.#figuresMessage(this.figures));
      if (this.#last && this.#last.type !== 'healthFigures') out.push(this.#last);
      return out;
    }

    protected override closed(): void {
      this.#reading?.abort();
      this.closedBy(this);
    }

    protected override async other(raw: unknown): Promise<void> {
      const m = parseFromHealthPage(raw);
      if (!m) return;
      switch (m.type) {
        case 'healthRefresh':
          await this.read();
          return;
        case 'healthCancel':
          this.cancel();
          return;
        case 'healthExport':
          await exportFigures(this.host, this);
          return;
        case 'healthOpen':
          await openSet(this.host, this, this.#rawSet(m.set));
          return;
      }
    }

    /** A set as the page sent it, with a reason the page saw masked given back as the vendor wrote it. */
    #rawSet(set: HealthSet): HealthSet {
      return set.of === 'calls' && set.by === 'reason' ? { ...set, value: this.#reasons.get(set.value) ?? set.value } : set;
    }

    cancel(): void {
      this.#reading?.abort();
    }

    /** Reads the figures (again); resolves when they are shown, cancelled or failed. */
    async read(): Promise<void> {
      this.#reading?.abort();
      const ac = new AbortController();
      this.#reading = ac;
      const s = this.host.deps.settings();
      const started = Date.now();
      this.#send({ type: 'healthProgress', done: 0, total: 0 });
      // A million bindings are ~13,000 answers: the page hears of them at most every PROGRESS_MS
      // (the latest count), not once an answer, so drawing the bar costs the window nothing.
      let lastProgress = 0;
      try {
        const connection = this.scope.account.connection;
        const client = await connection.client();
        const figures = await readHealth(client, {
          account: this.scope.account.id,
          appId: this.scope.appId,
          appIds: this.scope.appId === undefined ? undefined : [this.scope.appId],
          zoneOffsetMinutes: vendorZoneMinutes(s),
          soonHours: s.expiringSoonHours,
          concurrency: s.searchConcurrency,
          cache: connection.cache,
          signal: ac.signal,
          onProgress: (p) => {
            const now = Date.now();
            if (this.#reading !== ac || now - lastProgress < PROGRESS_MS) return;
            lastProgress = now;
            this.#send({ type: 'healthProgress', done: p.allPagesDone, total: p.allPagesTotal });
          },
        });
        if (this.#reading !== ac) return;
        this.figures = figures;
        this.#last = undefined;
        this.host.deps.log.info(`${this.owner().name}: read in ${((Date.now() - started) / 1000).toFixed(1)} s${figures.problems.length ? `, ${figures.problems.length} part(s) missing` : ''}.`);
        this.post(this.#figuresMessage(figures));
      } catch (e) {
        if (this.#reading !== ac) return;
        if (e instanceof PnsAbortError || ac.signal.aborted) {
          this.host.deps.log.info(`${this.owner().name}: cancelled.`);
          this.#send({ type: 'healthCancelled' });
          return;
        }
        const said = errorText(e);
        this.host.deps.log.error(`${this.owner().name}: ${(e as Error).message}${e instanceof PnsError ? ` — ${e.hint}` : ''}`);
        this.#send({ type: 'healthError', text: safeMessage(e instanceof PnsError ? `${said.message} ${said.hint}` : said.message, 600) });
      } finally {
        if (this.#reading === ac) this.#reading = undefined;
      }
    }

    /** Whether a reading is under way. */
    get reading(): boolean {
      return this.#reading !== undefined;
    }

    #send(m: ToHealthPage): void {
      this.#last = m;
      this.post(m);
    }

    /** The figures as the page may see them, made now (masking as it is now). */
    #figuresMessage(f: HealthFigures): ToHealthPage {
      const masked = this.host.deps.settings().maskNumbers;
      const text = (t: string) => (masked ? maskKnownPhones(t) : t);
      this.#reasons.clear();
      const numbers: Record<string, string> = {};
      for (const e of f.bindings?.perNumber.top ?? []) numbers[e.key] = formatNumber(e.key);
      for (const d of f.numbers?.dueWithoutRenew ?? []) numbers[d.number] = formatNumber(d.number);
      const calls = f.calls && {
        ...f.calls,
        reasons: {
          ...f.calls.reasons,
          top: f.calls.reasons.top.map((r) => {
            const shown = text(r.key);
            this.#reasons.set(shown, r.key);
            return { ...r, key: shown };
          }),
        },
      };
      return { type: 'healthFigures', figures: { ...f, calls, problems: f.problems.map((p) => ({ ...p, message: safeMessage(text(p.message), 600) })) }, numbers };
    }
  };
}

export class HealthPanels implements vscode.Disposable {
  readonly #pages = new Set<HealthPage>();
  readonly #sub: vscode.Disposable;
  readonly #Page: ReturnType<typeof healthPageClass>;

  constructor(
    private readonly host: HealthHost,
    private readonly probe?: PanelProbe,
  ) {
    this.#Page = healthPageClass(PanelPage);
    if (LAAFFIC_PNS_TEST_BUILD) probe?.connect({ pages: () => [...this.#pages] as unknown as PanelPage[], restore: (p) => p.dispose() });
    // A dashboard never reads through another account: it closes with its account.
    this.#sub = host.deps.accounts.onDidChange(() => {
      for (const p of [...this.#pages]) {
        if (host.deps.accounts.get(p.scope.account.id)) continue;
        host.deps.log.info(`${p.owner().name} closed: its account was removed.`);
        p.panel.dispose();
      }
    });
  }

  /** Opens (or reveals) the dashboard of `scope` and reads its figures; resolves when they are shown (or cancelled, or failed). */
  async show(scope: HealthScope): Promise<HealthPage> {
    let page = this.find(scope);
    if (page) {
      page.scope = scope;
      page.panel.title = vscode.l10n.t('Health: {0}', scope.title);
      page.panel.reveal(undefined, false);
      page.redisplay();
    } else {
      const panel = vscode.window.createWebviewPanel(HEALTH_VIEW_TYPE, vscode.l10n.t('Health: {0}', scope.title), { viewColumn: vscode.ViewColumn.Active }, panelOptions(this.host.deps.extensionUri));
      page = new this.#Page(panel, this.host, scope, this.probe, (p) => this.#pages.delete(p));
      this.#pages.add(page);
    }
    await page.read();
    return page;
  }

  find(scope: Pick<HealthScope, 'account' | 'appId'>): HealthPage | undefined {
    const key = scopeKey(scope);
    for (const p of this.#pages) if (p.key === key) return p;
    return undefined;
  }

  /** The dashboard in the active tab, if one is. */
  active(): HealthPage | undefined {
    for (const p of this.#pages) if (p.panel.active) return p;
    return undefined;
  }

  /** Mask Numbers / Show Numbers: every dashboard draws its figures again as they are to be shown now (nothing is read). */
  redisplay(): void {
    for (const p of this.#pages) p.redisplay();
  }

  dispose(): void {
    for (const p of [...this.#pages]) p.panel.dispose();
    this.#sub.dispose();
  }
}

export type { PanelDeps, HealthScope };
