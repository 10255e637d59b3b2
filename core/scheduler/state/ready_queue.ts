// Scheduled task instances waiting for the executor, kept in Airflow's order (priority_weight
// DESC, logical_date ASC NULLS LAST, then run_after and creation order) as they become scheduled,
// so the critical section (enqueue.ts) reads the head instead of collecting and sorting every
// waiting task instance on every pass. A deployment with a backlog holds thousands of them.
import type { TaskInstanceRecord } from './records.js';
import { OrderedHeap } from '../../util/ordered_heap.js';

export function byPriority(a: TaskInstanceRecord, b: TaskInstanceRecord): number {
  const pa = a.weight ?? a.run.dag.priority[a.index];
  const pb = b.weight ?? b.run.dag.priority[b.index];
  if (pa !== pb) return pb - pa;
  // logical_date ascending, NULLs last (PostgreSQL's order), then run_after and creation order.
  const la = a.run.logical_date;
  const lb = b.run.logical_date;
  if (la !== lb) {
    if (la === null) return 1;
    if (lb === null) return -1;
    return la - lb;
  }
  // Then map_index (the query's last ORDER BY key; -1 for every unmapped TI).
  if (a.map_index !== b.map_index) return a.map_index - b.map_index;
  return a.run.run_after - b.run.run_after || a.run.id - b.run.id || a.index - b.index;
}

export class ReadyQueue {
  /** Scheduled TIs (and some that left that state since: dropped when they reach the head). */
  readonly heap = new OrderedHeap<TaskInstanceRecord>(byPriority);
  readonly inHeap = new Set<TaskInstanceRecord>();
  /**
   * Scheduled TIs whose `blocked` may differ from `parallelismWhy`: the ones that owe a log line
   * when the executor is full. The rest already said "parallelism" and stay silent.
   */
  readonly fresh = new Set<TaskInstanceRecord>();
  /** The parallelism reason every TI outside `fresh` holds. */
  parallelismWhy: string | null = null;

  /** True while enqueue.ts reads the queue: TIs scheduled meanwhile join after it (as in Airflow's query). */
  walking = false;
  private readonly later: TaskInstanceRecord[] = [];

  /** A TI became scheduled. */
  add(ti: TaskInstanceRecord): void {
    if (this.walking) { this.later.push(ti); return; }
    this.fresh.add(ti);
    if (!this.inHeap.has(ti)) {
      this.inHeap.add(ti);
      this.heap.push(ti);
    }
  }

  endWalk(): void {
    this.walking = false;
    for (const ti of this.later.splice(0)) if (ti.state === 'scheduled') this.add(ti);
  }
}
