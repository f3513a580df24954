/** A min-heap of (time, key) with at most one live entry per key (rescheduling replaces the earlier time). */
export class WakeQueue {
  private heap: { at: number; key: string }[] = [];
  private readonly due = new Map<string, number>();

  /** Schedules `key` at `at`, unless it is already scheduled earlier. */
  schedule(key: string, at: number): void {
    const cur = this.due.get(key);
    if (cur !== undefined && cur <= at) return;
    this.due.set(key, at);
    this.push({ at, key });
  }

  /** Removes and returns every key due at or before `now`. */
  popDue(now: number): string[] {
    const out: string[] = [];
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      const e = this.pop();
      if (this.due.get(e.key) === e.at) {
        this.due.delete(e.key);
        out.push(e.key);
      }
    }
    return out;
  }

  get size(): number {
    return this.due.size;
  }

  private push(e: { at: number; key: string }): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at <= h[i].at) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private pop(): { at: number; key: string } {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].at < h[m].at) m = l;
        if (r < h.length && h[r].at < h[m].at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
