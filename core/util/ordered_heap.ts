// A binary min-heap of objects under a comparator: the scheduler's ready queue keeps task
// instances in the executor's priority order without sorting them all on every pass.

export class OrderedHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** Every item, in no particular order. */
  get unordered(): readonly T[] {
    return this.items;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(v: T): void {
    const d = this.items;
    let i = d.length;
    d.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.before(d[p], v) <= 0) break;
      d[i] = d[p];
      i = p;
    }
    d[i] = v;
  }

  pop(): T | undefined {
    const d = this.items;
    if (d.length === 0) return undefined;
    const top = d[0];
    const last = d.pop()!;
    const n = d.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(d[r], d[l]) < 0 ? r : l;
      if (this.before(d[c], last) >= 0) break;
      d[i] = d[c];
      i = c;
    }
    d[i] = last;
    return top;
  }
}
