import * as vscode from 'vscode';
import { readSettings, SECTION, Settings } from './settings';
import { safeValue, showWarning } from '../ui/safety';

/** Settings that change only how numbers are shown and copied: a change of them reloads nothing. */
const DISPLAY_KEYS = ['maskNumbers', 'copyFormat'] as const;

function dataPart(s: Settings): string {
  const rest: Record<string, unknown> = { ...s };
  // autoRefreshMinutes only restarts the auto refresh's timer (src/tree/autoRefresh.ts).
  for (const k of [...DISPLAY_KEYS, 'problems', 'autoRefreshMinutes']) delete rest[k];
  return JSON.stringify(rest);
}

/**
 * The current settings. A change fires onDidChange once (the connections and the tree reload),
 * or, when only DISPLAY_KEYS changed, only onDidChangeDisplay (redraw). Each problem is reported once.
 */
export class SettingsState implements vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.#emitter.event;
  readonly #display = new vscode.EventEmitter<void>();
  readonly onDidChangeDisplay = this.#display.event;
  readonly #sub: vscode.Disposable;
  readonly #shown = new Set<string>();
  #current: Settings;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.#current = readSettings();
    this.#report();
    this.#sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      const before = this.#current;
      this.#current = readSettings();
      this.#report();
      const display = DISPLAY_KEYS.some((k) => before[k] !== this.#current[k]);
      if (display) {
        this.log.info(`Numbers are ${this.#current.maskNumbers ? 'masked' : 'shown in full'}; copied as ${this.#current.copyFormat === 'e164' ? 'E.164' : 'digits'}.`);
        this.#display.fire();
      }
      if ((display || before.autoRefreshMinutes !== this.#current.autoRefreshMinutes) && dataPart(before) === dataPart(this.#current)) return;
      this.log.info('Settings changed: reloading the tree.');
      this.#emitter.fire();
    });
  }

  get current(): Settings {
    return this.#current;
  }

  dispose(): void {
    this.#sub.dispose();
    this.#emitter.dispose();
    this.#display.dispose();
  }

  #report(): void {
    for (const p of this.#current.problems) {
      if (this.#shown.has(p)) continue;
      this.#shown.add(p);
      this.log.warn(p);
      void showWarning(vscode.l10n.t('Laaffic PNS settings: {0}', safeValue(p, 300)));
    }
  }
}
