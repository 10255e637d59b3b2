// Items due at an instant, handed back once the clock reaches it: the scheduler's incremental
// structures use it to look again at a run or a DAG when time alone changes what it would do
// (a run's timeout, a queued run's run_after, a timetable's next proposal). Stale entries are
// harmless: whoever pops one checks whether it still applies.
import { OrderedHeap } from './ordered_heap.js';

interface Entry<T> { at: number; seq: number; item: T }

export class TimedQueue<T> {
  private seq = 0;
  private readonly heap = new OrderedHeap<Entry<T>>((a, b) => a.at - b.at || a.seq - b.seq);

  get size(): number {
    return this.heap.size;
  }

  push(at: number, item: T): void {
    this.heap.push({ at, seq: this.seq++, item });
  }

  /** Every item due at or before `now`, in time order (then insertion order). */
  popDue(now: number, each: (item: T) => void): void {
    for (let top = this.heap.peek(); top !== undefined && top.at <= now; top = this.heap.peek()) {
      this.heap.pop();
      each(top.item);
    }
  }
}
