import * as vscode from 'vscode';
import type { UserInput } from './userInput';

/**
 * A quick pick whose items arrive while something reads every page (Find's results, a dashboard
 * figure's set): shown at once, busy, matching on description and detail. While it reads, focus
 * moving elsewhere (a click in the tree, a notification, a panel) does not close it; Esc does, and
 * hiding it before `end()` aborts `signal`; `queue(items)` hands the list over at most ~10 times a second (each assignment
 * re-renders the whole list, and a short query can match thousands); `end()` stops both, and is
 * called once the reading has settled, whichever way.
 */
export class StreamingPick<T extends vscode.QuickPickItem> {
  readonly qp: vscode.QuickPick<T>;
  readonly #ac = new AbortController();
  readonly #hide: vscode.Disposable;
  #ended = false;
  #flush: ReturnType<typeof setTimeout> | undefined;

  constructor(ui: UserInput, title: string, placeholder: string) {
    const qp = (this.qp = ui.createQuickPick<T>());
    qp.title = title;
    qp.placeholder = placeholder;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.busy = true;
    qp.ignoreFocusOut = true;
    qp.show();
    this.#hide = qp.onDidHide(() => {
      if (!this.#ended) this.#ac.abort();
    });
  }

  /** Aborted when the pick is hidden before the reading ended. */
  get signal(): AbortSignal {
    return this.#ac.signal;
  }

  /** Shows `items` (as they are then) within 100 ms, unless the reading has ended. */
  queue(items: readonly T[]): void {
    this.#flush ??= setTimeout(() => {
      this.#flush = undefined;
      if (!this.#ended) this.qp.items = items.slice();
    }, 100);
  }

  /** The reading ended: hiding no longer aborts, nothing queued is shown. */
  end(): void {
    if (!this.#ended) this.qp.ignoreFocusOut = false;
    this.#ended = true;
    if (this.#flush) clearTimeout(this.#flush);
    this.#flush = undefined;
    this.#hide.dispose();
  }
}
