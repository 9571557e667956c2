/**
 * Keeps the keyboard focus where it was when the page redraws a part of itself: each control
 * carries a stable `data-focus` key, found again after the redraw. Without this a redraw drops
 * the focus to the page's start and a keyboard user has to Tab all the way back.
 */

/** The focus key of the focused control inside `root`, if any. */
export function focusedKey(root: ParentNode): string | undefined {
  const a = document.activeElement;
  if (!(a instanceof HTMLElement) || !root.contains(a)) return undefined;
  return a.dataset.focus;
}

/** Focuses the control with `key`, else the first of `fallbacks` that exists and is enabled. */
export function restoreFocus(root: ParentNode, key: string | undefined, ...fallbacks: string[]): void {
  if (key === undefined) return;
  for (const k of [key, ...fallbacks]) {
    const e = root.querySelector<HTMLElement>(`[data-focus="${CSS.escape(k)}"]`);
    if (e && !(e as HTMLButtonElement).disabled) {
      e.focus();
      return;
    }
  }
}
