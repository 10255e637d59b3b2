// Which DAGs the run-creating and run-starting phases must look at (issue 17). Airflow's scheduler
// asks every DAG at every loop; Windtunnel's answer for a DAG only changes when one of its runs
// changes, when it is paused or unpaused, or when a known instant comes (a timetable's next
// proposal, a queued run's run_after). The phases say when a DAG has nothing to do until then
// ("parked"); everything else is looked at on every pass, as before. A deployment of thousands of
// DAGs then costs per change, not per DAG and pass.
import type { Instant } from '../../model/scenario.js';
import type { DagRecord, RunRecord } from './records.js';
import { TimedQueue } from '../../util/timed_queue.js';

export class DagVisits {
  /** DAGs create_runs.ts looks at in the next pass (every DAG at first). */
  private readonly toCreate = new Set<DagRecord>();
  private readonly createAt = new TimedQueue<DagRecord>();
  /** DAGs whose queued runs start_runs.ts looks at in the next pass. */
  private toStart = new Set<DagRecord>();
  /** The set forStart handed out last time (double-buffered: a pass allocates nothing). */
  private spare = new Set<DagRecord>();
  private readonly visitList: DagRecord[] = [];
  private readonly startAt = new TimedQueue<DagRecord>();
  /** A DAG's place in the scenario file: create_runs.ts visits them in that order. */
  private readonly position = new Map<DagRecord, number>();

  constructor(private readonly dagOrder: readonly DagRecord[]) {}

  /** A run of the DAG was created or changed state: its run limits and queue changed. */
  runChanged(run: RunRecord, now: Instant): void {
    const dag = run.dag;
    this.toCreate.add(dag);
    this.toStart.add(dag);
    if (run.state === 'queued' && run.run_after > now) this.startAt.push(run.run_after, dag);
  }

  /** A task instance of a queued run changed (a clear): it may owe its "waiting" line again. */
  queuedRunTouched(run: RunRecord): void {
    this.toStart.add(run.dag);
  }

  pauseChanged(dag: DagRecord): void {
    this.toCreate.add(dag);
    this.toStart.add(dag);
  }

  /** The DAGs to ask for new runs at `now`, in file order; each is then kept or parked. */
  forCreate(now: Instant): readonly DagRecord[] {
    this.createAt.popDue(now, this.addToCreate);
    // DAGs not seen yet (the first pass) are looked at.
    for (let i = this.position.size; i < this.dagOrder.length; i++) {
      this.position.set(this.dagOrder[i], i);
      this.toCreate.add(this.dagOrder[i]);
    }
    // One array, refilled: create_runs.ts is done with it before the next pass asks again.
    const dags = this.visitList;
    dags.length = 0;
    if (this.toCreate.size === 0) return dags;
    this.toCreate.forEach(this.pushVisit);
    this.toCreate.clear();
    if (dags.length > 1) dags.sort((a, b) => this.position.get(a)! - this.position.get(b)!);
    return dags;
  }

  private readonly addToCreate = (dag: DagRecord) => { this.toCreate.add(dag); };
  private readonly pushVisit = (dag: DagRecord) => { this.visitList.push(dag); };

  /** Look at the DAG again in the next pass. */
  keep(dag: DagRecord): void {
    this.toCreate.add(dag);
  }

  /** Nothing to create until `at` (or until one of its runs changes, or it is unpaused). */
  parkUntil(dag: DagRecord, at: Instant | null): void {
    if (at !== null) this.createAt.push(at, dag);
  }

  private readonly addToStart = (dag: DagRecord) => { this.toStart.add(dag); };

  /** The DAGs whose queued runs may start or owe a line at `now` (in no particular order). */
  forStart(now: Instant): Set<DagRecord> {
    this.startAt.popDue(now, this.addToStart);
    const dags = this.toStart;
    this.spare.clear();
    this.toStart = this.spare;
    this.spare = dags;
    return dags;
  }
}
