// Which running runs the scheduler pass must look at (issue 17). Airflow examines every running
// run on every loop (_schedule_dag_run); Windtunnel's scheduleRun finds nothing to do in a run
// whose task instances did not change since it last looked (`settled`), except stamp
// last_scheduling_decision. So only the runs something happened to are visited, in the order of
// the running runs (the order they started), and a settled run is "quiet": its
// last_scheduling_decision is the instant of the latest pass, read from a shared clock instead of
// written on every pass. A deployment with thousands of running runs then costs per change, not
// per run and pass.
import type { Instant } from '../../model/scenario.js';
import type { DagRecord, RunRecord } from './records.js';
import { OrderedHeap } from '../../util/ordered_heap.js';
import { TimedQueue } from '../../util/timed_queue.js';

/** The instant of the latest pass over running runs, and the one before it. */
export interface PassClock { at: Instant | null; prev: Instant | null }

/** A run's place in the visit queue; `seq` is stale once the run started again. */
interface Visit { run: RunRecord; seq: number }

/** last_scheduling_decision as Airflow would show it now (a quiet run's is the latest pass). */
export function lastSchedulingDecision(run: RunRecord): Instant | null {
  return run.scanClock ? run.scanClock.at : run.last_scheduling_decision;
}

export class RunScan {
  private nextSeq = 1;
  /** Runs to visit in this pass, in running order. */
  private readonly heap = new OrderedHeap<Visit>((a, b) => a.seq - b.seq);
  /** Runs to visit from the next pass on (behind the one being visited, or started during the pass). */
  private readonly deferred: Visit[] = [];
  /** The entry of the run being visited, reused if it must be visited again (no allocation per pass). */
  private current: Visit | null = null;
  /** Quiet runs with a dagrun_timeout: visited again when it is reached. */
  private readonly timeouts = new TimedQueue<RunRecord>();
  readonly clock: PassClock = { at: null, prev: null };
  private inPass = false;
  /** The running-order position being visited, and the first one that started after the pass began. */
  private cur = 0;
  private limit = 0;

  /** The run joined the running runs: it takes the last place in their order. */
  started(run: RunRecord): void {
    run.scanSeq = this.nextSeq++;
    run.scanQueued = false; // an entry under its old place is now stale
    this.wake(run);
  }

  /** Something in the run changed (its `settled` was cleared): the pass must look at it. */
  wake(run: RunRecord): void {
    if (run.scanClock) this.unquiet(run);
    if (run.scanQueued || run.state !== 'running') return;
    run.scanQueued = true;
    const v = { run, seq: run.scanSeq ?? 0 };
    if (!this.inPass || (v.seq > this.cur && v.seq < this.limit)) this.heap.push(v);
    else this.deferred.push(v);
  }

  /** A DAG was paused or unpaused: a paused run is not examined, so it stops following the clock. */
  pauseChanged(dag: DagRecord): void {
    for (const run of dag.active) {
      if (dag.paused) { if (run.scanClock) this.unquiet(run); }
      else this.wake(run);
    }
  }

  beginPass(now: Instant): void {
    for (let i = 0; i < this.deferred.length; i++) this.heap.push(this.deferred[i]);
    this.deferred.length = 0;
    this.timeouts.popDue(now, (run) => { if (run.scanClock) this.wake(run); });
    this.clock.prev = this.clock.at;
    this.clock.at = now;
    this.cur = 0;
    this.limit = this.nextSeq;
    this.inPass = true;
  }

  /** The next running run to visit in this pass, or null when the pass is done. */
  next(): RunRecord | null {
    for (let v = this.heap.pop(); v; v = this.heap.pop()) {
      const run = v.run;
      if (v.seq !== run.scanSeq || !run.scanQueued) continue;
      run.scanQueued = false;
      this.cur = v.seq;
      this.current = v;
      if (run.state === 'running') return run;
    }
    return null;
  }

  /** After scheduleRun looked at `run`: quiet if it settled, else looked at again next pass. */
  after(run: RunRecord, now: Instant): void {
    if (run.scanQueued || run.state !== 'running' || run.dag.paused) return;
    if (run.settled && run.run_after <= now && (run.logical_date === null || run.logical_date <= now)) {
      run.scanClock = this.clock;
      const timeout = run.dag.spec.dagrun_timeout_ms;
      if (timeout !== null && run.start_date !== null) this.timeouts.push(run.start_date + timeout, run);
      return;
    }
    run.scanQueued = true;
    const v = this.current?.run === run && this.current.seq === run.scanSeq ? this.current : { run, seq: run.scanSeq ?? 0 };
    this.current = null;
    this.deferred.push(v);
  }

  endPass(): void {
    this.inPass = false;
  }

  /**
   * Write down a quiet run's last_scheduling_decision: the current pass's instant if the pass
   * already went past it, else the previous pass's.
   */
  private unquiet(run: RunRecord): void {
    const clock = run.scanClock!;
    run.last_scheduling_decision = this.inPass && (run.scanSeq ?? 0) > this.cur ? clock.prev : clock.at;
    run.scanClock = null;
  }
}
