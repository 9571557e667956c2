/**
 * The page pool's ordered delivery: pages wait in the pass's reorder buffer until every page
 * before them was handed over; each is then de-duplicated against the keys handed over
 * earlier in the pass and handed to the consumer, whose returned promise is awaited before
 * the next page (backpressure). A server repeating a page with no total ends the pass there.
 */
import { lastPage, type Pass } from './pass';
import type { Page, PageKey } from './types';

/** What delivery needs of the pool. */
export interface DeliveryHost<T, P> {
  /** False once the run ended or moved on from pass `p`: hand nothing more over. */
  isCurrent(p: Pass<T, P>): boolean;
  key(item: T): PageKey;
  /** A page was handed over (counted before the consumer sees it). */
  handedOver(): void;
  /** Ends the run with the consumer's exception. */
  fail(e: unknown): void;
  /** Reports progress; false when the run ended (a callback threw). */
  progress(): boolean;
  /** Starts what the window now allows, and ends the pass when all is handed over. */
  pump(): void;
}

/** Hands the buffered pages of pass `p` over in order, awaiting the consumer when it asks to. */
export function deliver<T, P extends Page<T>>(p: Pass<T, P>, host: DeliveryHost<T, P>): void {
  if (p.delivering) return;
  p.delivering = true;
  const step = (): void => {
    for (;;) {
      if (!host.isCurrent(p)) {
        p.delivering = false;
        return;
      }
      const n = p.deliverNext;
      const page = n <= lastPage(p) ? p.buffer.get(n) : undefined;
      if (page === undefined) break;
      p.buffer.delete(n);
      p.deliverNext++;
      const fresh: T[] = [];
      let dup = 0;
      for (const item of page.items) {
        if (!p.keys.add(host.key(item))) {
          dup++;
          continue;
        }
        fresh.push(item);
      }
      const skipped = page.skipped ?? 0;
      if (dup > 0) p.anomaly = true; // the same item on two pages: offsets shifted under us
      if (fresh.length === 0 && dup > 0 && skipped === 0 && page.totalReported === false && n + 1 < p.stopAt) {
        // A server repeating a page, with no total to bound it: read no further.
        p.stopAt = n + 1;
        p.endedBy = 'repeated-page';
      }
      const position = p.items;
      p.items += fresh.length;
      p.duplicates += dup;
      p.skipped += skipped;
      p.pages++;
      host.handedOver();
      let r: void | Promise<void>;
      try {
        r = p.onPage?.({ page: n, result: page, items: fresh, duplicates: dup, position });
      } catch (e) {
        p.delivering = false;
        host.fail(e);
        return;
      }
      if (r && typeof (r as Promise<void>).then === 'function') {
        (r as Promise<void>).then(
          () => {
            if (!host.progress()) {
              p.delivering = false;
              return;
            }
            host.pump(); // the window moved
            step();
          },
          (e: unknown) => {
            p.delivering = false;
            host.fail(e);
          },
        );
        return;
      }
      if (!host.progress()) {
        p.delivering = false;
        return;
      }
    }
    p.delivering = false;
    host.pump();
  };
  step();
}
