import * as vscode from 'vscode';
import { readSettings, SECTION, Settings } from './config/settings';
import { safeValue, showWarning } from './safety';

/**
 * The settings as the extension sees them: read once, and again when a `laafficPns.*` setting
 * changes (then onDidChange fires once). Each problem with a value is reported once (a warning
 * and the log).
 */
export class SettingsState implements vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.#emitter.event;
  readonly #sub: vscode.Disposable;
  readonly #shown = new Set<string>();
  #current: Settings;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.#current = readSettings();
    this.#report();
    this.#sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.#current = readSettings();
      this.#report();
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
