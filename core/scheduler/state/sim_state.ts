// The simulation's state and the primitives that change it: each change writes SQL and a log line
// with its reason. This is the bottom of core/scheduler: the phases (create_runs, schedule_run,
// enqueue, execute, ...) read it and call these primitives; the loop that drives them is
// ../simulation.ts, on top. Nothing here imports a phase.
import type { SqlJsStatic, SqlValue } from 'sql.js';
import { sensorClassName } from '../../model/sensor.js';
import type { Instant, Scenario, TaskSpec } from '../../model/scenario.js';
import type { DagRunState, RunType, TaskState, TriggeredBy } from '../../model/output.js';
import type { DataInterval } from '../../timetables/types.js';
import { MetadataDb } from '../../db/database.js';
import { batchInsert } from '../../db/batch_insert.js';
import { logicalDateColumn } from '../../db/schema.js';
import { atLeast } from '../../model/profile_order.js';
import { makeTimetable } from '../../timetables/make_timetable.js';
import { Prng } from '../../util/prng.js';
import { MinHeap } from '../../util/min_heap.js';
import { NO_RENDERED, type DagRecord, type RunRecord, type TaskInstanceRecord } from './records.js';
import { dbTime } from './time_text.js';
import { effectivePriorities } from '../priority.js';
import { ReadyQueue } from './ready_queue.js';
import { DecisionLog } from './decision_log.js';
import { RunScan } from './run_scan.js';
import { DagVisits } from './dag_visits.js';
import { SlotsInUse } from './slots_in_use.js';
import { taskEndDate, taskStartDate } from '../task_dates.js';
import { mappedCount } from '../../model/task_expand.js';

export type { LogEntry } from './decision_log.js';

export interface NewRun {
  dag: DagRecord;
  run_id: string;
  logical_date: Instant | null;
  run_after: Instant;
  data_interval: DataInterval | null;
  run_type: RunType;
  triggered_by: TriggeredBy;
  conf: Record<string, unknown>;
  backfill_id?: number | null;
  sort_ordinal?: number | null;
  state?: DagRunState;
  start_date?: Instant | null;
  partition_key?: string | null;
}

// Log kinds by state, made once (a fresh `ti.${state}` string per line costs a copy and a hash).
const TI_KINDS: Record<string, string> = {};
const RUN_KINDS: Record<string, string> = {};


export class SimState {
  readonly db: MetadataDb;
  readonly prng: Prng;
  readonly dags = new Map<string, DagRecord>();
  readonly dagOrder: DagRecord[] = [];
  readonly runsInOrder: RunRecord[] = [];
  readonly log = new DecisionLog(this.runsInOrder);
  readonly ldCol: 'logical_date' | 'execution_date';
  /** Instants at which something may happen (stale entries are harmless). */
  protected readonly wakeups = new MinHeap();
  /** Running TIs by the instant their try ends. */
  readonly running = new Set<TaskInstanceRecord>();
  /** What they hold against each concurrency limit (enqueue.ts). */
  readonly inUse = new SlotsInUse();
  /** Runs in state running, in the order they started. */
  readonly runningRuns = new Set<RunRecord>();
  readonly queuedRuns = new Set<RunRecord>();
  /** Scheduled TIs in the executor's order (ready_queue.ts). */
  readonly ready = new ReadyQueue();
  /** The running runs and the DAGs a pass must look at: those something happened to (issue 17). */
  readonly runScan = new RunScan();
  readonly dagVisits = new DagVisits(this.dagOrder);
  private tiCount = 0;
  private logWritten = 0;
  private tisWritten = -1;
  /** Runs whose state or dates changed since SQL last saw them. */
  private readonly dirtyRuns = new Set<RunRecord>();
  /** DAGs whose next_dagrun* columns changed since SQL last saw them. */
  private readonly dirtyDags = new Set<DagRecord>();
  now: Instant;
  /** Asset- and operator-triggered runs created at the current instant (zero-time cycle guard). */
  triggeredRunsThisInstant = 0;
  /** The last instant the clock may reach (clock.end, or the caller's `until`). */
  protected readonly stopAt: Instant;
  readonly assetIds = new Map<string, number>();
  readonly backfills = new Map<number, BackfillRecord>();

  constructor(readonly scenario: Scenario, sql: SqlJsStatic, until?: Instant) {
    this.db = new MetadataDb(sql, scenario.airflow);
    this.ldCol = logicalDateColumn(scenario.airflow);
    this.prng = new Prng(scenario.seed);
    this.now = scenario.clock.start;
    this.stopAt = Math.min(until ?? scenario.clock.end, scenario.clock.end);
    this.db.begin();
    this.setupStatic();
  }

  get profile() {
    return this.scenario.airflow;
  }

  private setupStatic(): void {
    const pools = { default_pool: 128, ...this.scenario.pools };
    for (const [name, slots] of Object.entries(pools)) this.db.run('INSERT INTO pool (pool, slots, description) VALUES (?, ?, ?)', [name, slots, name === 'default_pool' ? 'Default pool' : null]);
    for (const a of this.scenario.assets) {
      this.db.run('INSERT INTO asset (name, uri) VALUES (?, ?)', [a.name, a.uri]);
      this.assetIds.set(a.name, this.db.lastInsertRowid());
    }
    for (const spec of this.scenario.dags) {
      const timetable = makeTimetable(spec.schedule, { timezone: spec.timezone, create_cron_data_intervals: this.scenario.config.create_cron_data_intervals });
      const taskIndex = new Map(spec.tasks.map((t, i) => [t.task_id, i] as const));
      const upstream = spec.tasks.map((t) => t.upstream.map((u) => taskIndex.get(u)!));
      const downstream: number[][] = spec.tasks.map(() => []);
      upstream.forEach((ups, i) => ups.forEach((u) => downstream[u].push(i)));
      const taskStarts = spec.tasks.map((t) => taskStartDate(t, spec)).filter((d): d is number => d !== null);
      const starts = spec.start_date !== null ? [spec.start_date, ...taskStarts] : taskStarts;
      const dag: DagRecord = {
        spec,
        timetable,
        restriction: { earliest: starts.length ? Math.min(...starts) : null, latest: spec.end_date, catchup: spec.catchup },
        paused: spec.paused,
        runs: [],
        byLogicalDate: new Map(),
        active: new Set(),
        lastAutomated: null,
        taskIndex,
        upstream,
        downstream,
        leaves: spec.tasks.map((_, i) => i).filter((i) => downstream[i].length === 0),
        priority: effectivePriorities(spec.tasks, upstream, downstream),
        anyDependsOnPast: spec.tasks.some((t) => t.depends_on_past || t.wait_for_downstream),
      };
      this.dags.set(spec.dag_id, dag);
      this.dagOrder.push(dag);
      this.db.run(
        'INSERT INTO dag (dag_id, is_paused, timetable_summary, timetable_type, timezone, catchup, max_active_runs, max_active_tasks, max_consecutive_failed_dag_runs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [spec.dag_id, spec.paused ? 1 : 0, timetable.summary, timetable.kind, spec.timezone, spec.catchup ? 1 : 0, spec.max_active_runs, spec.max_active_tasks, spec.max_consecutive_failed_dag_runs],
      );
    }
  }

  // ---------- log and wake-ups ----------

  note(kind: string, why: string, where: { dag?: DagRecord | null; run?: RunRecord | null; task?: TaskSpec | null; ref?: RunRecord | null } = {}): void {
    const run = where.run ?? null;
    const dag_id = run ? run.dag.spec.dag_id : where.dag?.spec.dag_id ?? null;
    this.log.push(this.now, kind, dag_id, run, where.task?.task_id ?? null, why, where.ref ?? null);
  }

  wakeAt(t: Instant | null): void {
    if (t !== null && t > this.now && t <= this.stopAt) this.wakeups.push(t);
    else if (t !== null && t <= this.now) this.dueNow = true;
  }

  /** Something became due at the current instant since completions were last looked at. */
  private dueNow = false;
  private completionsSeenAt: Instant | null = null;

  /**
   * Whether processDueCompletions must look at the running task instances: once per instant, and
   * again only when a try's end or poke was set at or before now (every such time goes through
   * wakeAt). A pass otherwise rescans hundreds of running task instances to find none due.
   */
  completionsMayBeDue(): boolean {
    if (this.completionsSeenAt === this.now && !this.dueNow) return false;
    this.completionsSeenAt = this.now;
    this.dueNow = false;
    return true;
  }

  // ---------- dag runs ----------

  /** Insert a run; the SQL constraints decide uniqueness. Returns the SQLite error on refusal. */
  insertRun(n: NewRun): RunRecord | { error: string } {
    const state = n.state ?? 'queued';
    // Runs are never deleted, so the next rowid is known: no SELECT last_insert_rowid() per run.
    const id = this.runsInOrder.length + 1;
    const values = [id, n.dag.spec.dag_id, n.run_id, dbTime(n.logical_date), dbTime(n.run_after), dbTime(n.data_interval?.start ?? null), dbTime(n.data_interval?.end ?? null),
      state === 'queued' ? dbTime(this.now) : null, dbTime(n.start_date ?? null), state, n.run_type, n.triggered_by, JSON.stringify(n.conf), n.backfill_id ?? null];
    // 3.2 added dag_run.created_at, partition_key and partition_date (schema.ts).
    const err = atLeast(this.profile, '3.2')
      ? this.db.tryRun(
        `INSERT INTO dag_run (id, dag_id, run_id, ${this.ldCol}, run_after, data_interval_start, data_interval_end, queued_at, start_date, state, run_type, triggered_by, conf, backfill_id, created_at, partition_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [...values, dbTime(this.now), n.partition_key ?? null])
      : this.db.tryRun(
        `INSERT INTO dag_run (id, dag_id, run_id, ${this.ldCol}, run_after, data_interval_start, data_interval_end, queued_at, start_date, state, run_type, triggered_by, conf, backfill_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        values);
    if (err) return { error: err };
    const run: RunRecord = {
      id, dag: n.dag, run_id: n.run_id, logical_date: n.logical_date, run_after: n.run_after,
      data_interval: n.data_interval, queued_at: state === 'queued' ? this.now : null, start_date: n.start_date ?? null, end_date: null,
      state, run_type: n.run_type, triggered_by: n.triggered_by, conf: n.conf, backfill_id: n.backfill_id ?? null,
      sort_ordinal: n.sort_ordinal ?? null, clear_number: 0, tis: [], consumed_event_ids: [], last_scheduling_decision: null,
      scanSeq: 0, scanQueued: false, scanClock: null, tisRunning: 0,
      ...(n.partition_key ? { partition_key: n.partition_key } : {}),
    };
    n.dag.runs.push(run);
    if (n.run_type === 'asset_triggered' || n.triggered_by === 'operator') this.triggeredRunsThisInstant++;
    if (run.logical_date !== null) n.dag.byLogicalDate.set(run.logical_date, run);
    if (state === 'queued' || state === 'running') n.dag.active.add(run);
    if (state === 'running') this.runningRuns.add(run);
    this.runsInOrder.push(run);
    this.createTaskInstances(run);
    if (state === 'running') this.runScan.started(run);
    this.dagVisits.runChanged(run, this.now);
    if (state === 'queued') { this.queuedRuns.add(run); this.wakeAt(run.run_after); }
    if (n.run_type === 'scheduled' || n.run_type === 'backfill') this.noteAutomated(run);
    return run;
  }

  noteAutomated(run: RunRecord): void {
    if (run.logical_date === null || !run.data_interval) return;
    const last = run.dag.lastAutomated;
    if (!last || run.logical_date > last.logical_date) run.dag.lastAutomated = { logical_date: run.logical_date, interval: run.data_interval };
  }

  private createTaskInstances(run: RunRecord): void {
    const ld = run.logical_date;
    const tasks = run.dag.spec.tasks;
    tasks.forEach((task, index) => {
      // verify_integrity: a task outside its own start/end dates gets no TI (not for backfills or NULL dates).
      const start = taskStartDate(task, run.dag.spec);
      const end = taskEndDate(task, run.dag.spec);
      if (ld !== null && run.run_type !== 'backfill' && ((start !== null && start > ld) || (end !== null && end < ld))) return;
      // A literal expansion makes map indexes 0..n-1 at once; an empty one a single unmapped TI (mapped.ts).
      const n = task.expand ? mappedCount(task.expand) : 0;
      run.tis[index] = this.newTi(run, task, index, n > 0 ? 0 : -1);
      for (let m = 1; m < n; m++) run.tis[Math.max(run.tis.length, tasks.length)] = this.newTi(run, task, index, m);
    });
  }

  /** A further instance of a task expanded at run time (map index >= 1), kept after the DAG's tasks (mapped.ts). */
  addMappedTi(run: RunRecord, index: number, map_index: number): TaskInstanceRecord {
    const ti = this.newTi(run, run.dag.spec.tasks[index], index, map_index);
    run.tis[Math.max(run.tis.length, run.dag.spec.tasks.length)] = ti;
    return ti;
  }

  private newTi(run: RunRecord, task: TaskSpec, index: number, map_index: number): TaskInstanceRecord {
    return {
      dbId: ++this.tiCount, run, task, index, map_index, state: null, try_number: 0, max_tries: task.retries,
      start_date: null, end_date: null, end_at: null, pending: null, next_retry_at: null, rendered: NO_RENDERED, error: null, wait: null, blocked: null, version: 0, weight: run.dag.priority[index],
    };
  }

  setRunState(run: RunRecord, state: DagRunState, why: string, ref?: RunRecord | null): void {
    const prev = run.state;
    const wasRunning = this.runningRuns.has(run);
    run.settled = false;
    if (state === 'queued') {
      run.queued_at = this.now; run.start_date = null; run.end_date = null;
      this.runningRuns.delete(run); this.queuedRuns.add(run); this.wakeAt(run.run_after);
    } else if (state === 'running') {
      run.start_date = prev === 'success' || prev === 'failed' ? this.now : (run.start_date ?? this.now);
      if (prev === 'queued') run.start_date = this.now;
      run.end_date = null;
      this.queuedRuns.delete(run); this.runningRuns.add(run);
      const timeout = run.dag.spec.dagrun_timeout_ms;
      if (timeout !== null) this.wakeAt(run.start_date + timeout);
    } else {
      run.end_date = this.now;
      this.queuedRuns.delete(run); this.runningRuns.delete(run);
    }
    run.state = state;
    if (state === 'queued' || state === 'running') run.dag.active.add(run);
    else run.dag.active.delete(run);
    this.dirtyRuns.add(run); // written by syncToDb, when SQL is read
    if (state === 'running' && !wasRunning) this.runScan.started(run);
    else this.runScan.wake(run);
    this.dagVisits.runChanged(run, this.now);
    this.note((RUN_KINDS[state] ??= `dag_run.${state}`), why, { run, ref });
  }

  updateRunFields(run: RunRecord, fields: Record<string, SqlValue>): void {
    const cols = Object.keys(fields);
    this.db.run(`UPDATE dag_run SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [...cols.map((c) => fields[c]), run.id]);
  }

  // ---------- task instances ----------

  setTiState(ti: TaskInstanceRecord, state: TaskState, why: string, ref?: RunRecord | null): void {
    ti.state = state;
    ti.run.settled = false;
    this.runScan.wake(ti.run);
    if (ti.run.state === 'queued') this.dagVisits.queuedRunTouched(ti.run);
    if (state === 'scheduled') this.ready.add(ti);
    ti.version++;
    if (state === 'running') {
      if (!this.running.has(ti)) { this.running.add(ti); this.inUse.change(ti, 1); }
    } else if (this.running.delete(ti)) this.inUse.change(ti, -1);
    const s = state ?? 'none';
    this.note((TI_KINDS[s] ??= `ti.${s}`), why, { run: ti.run, task: ti.task, ref });
  }

  /**
   * Task instances and the decision log live in memory while the clock runs (the hot state) and
   * are written to SQL in batches when it stops, so every query sees them as Airflow stores them.
   */
  syncToDb(): void {
    for (const run of this.dirtyRuns) {
      this.db.run('UPDATE dag_run SET state = ?, queued_at = ?, start_date = ?, end_date = ? WHERE id = ?', [run.state, dbTime(run.queued_at), dbTime(run.start_date), dbTime(run.end_date), run.id]);
    }
    this.dirtyRuns.clear();
    for (const dag of this.dirtyDags) {
      const info = dag.nextDagrun;
      this.db.run('UPDATE dag SET next_dagrun = ?, next_dagrun_data_interval_start = ?, next_dagrun_data_interval_end = ?, next_dagrun_create_after = ? WHERE dag_id = ?', [
        dbTime(info?.logical_date ?? null), dbTime(info?.data_interval.start ?? null), dbTime(info?.data_interval.end ?? null), dbTime(info?.run_after ?? null), dag.spec.dag_id,
      ]);
    }
    this.dirtyDags.clear();
    // Nothing changed since the last sync (every task-instance change writes a log line).
    if (this.logWritten === this.log.length && this.tisWritten === this.tiCount) return;
    this.tisWritten = this.tiCount;
    // Rows go in windows, so a 10-year run never holds all its rows as arrays at once.
    const WINDOW = 10_000;
    const tiColumns = ['id', 'dag_id', 'run_id', 'task_id', 'map_index', 'try_number', 'max_tries', 'state', 'start_date', 'end_date', 'duration', 'operator', 'pool', 'pool_slots', 'priority_weight', 'rendered_fields', 'error'];
    let tis: SqlValue[][] = [];
    this.db.run('DELETE FROM task_instance');
    for (const run of this.runsInOrder) for (const ti of run.tis) {
      if (!ti) continue;
      tis.push([ti.dbId, run.dag.spec.dag_id, run.run_id, ti.task.task_id, ti.map_index, ti.try_number, ti.max_tries, ti.state, dbTime(ti.start_date), dbTime(ti.end_date),
        ti.start_date !== null && ti.end_date !== null ? (ti.end_date - ti.start_date) / 1000 : null, operatorName(ti.task), ti.task.pool, ti.task.pool_slots,
        run.dag.priority[ti.index], JSON.stringify(ti.rendered), ti.error]);
      if (tis.length === WINDOW) { batchInsert(this.db, 'task_instance', tiColumns, tis); tis = []; }
    }
    batchInsert(this.db, 'task_instance', tiColumns, tis);
    for (let from = this.logWritten; from < this.log.length; from += WINDOW) {
      const logRows = this.log.slice(from, from + WINDOW).map((l): SqlValue[] => [dbTime(l.at), l.kind, l.dag_id, l.run_id, l.task_id, l.why]);
      batchInsert(this.db, 'log', ['dttm', 'event', 'dag_id', 'run_id', 'task_id', 'why'], logRows);
    }
    this.logWritten = this.log.length;
  }

  /** A DAG was paused or unpaused (its `paused` already set): the passes look at it again. */
  pauseChanged(dag: DagRecord): void {
    this.runScan.pauseChanged(dag);
    this.dagVisits.pauseChanged(dag);
  }

  /** The dag table's next_dagrun* columns follow `dag.nextDagrun`; SQL gets them when it is read. */
  nextDagrunChanged(dag: DagRecord): void {
    this.dirtyDags.add(dag);
  }
}

export interface BackfillRecord {
  id: number;
  dag: DagRecord;
  max_active_runs: number;
  runs: RunRecord[];
  completed_at: Instant | null;
  is_paused: boolean;
}

export function operatorName(task: TaskSpec): string {
  if (task.sensor) return sensorClassName(task.sensor);
  if (task.operator === 'branch') return 'BranchPythonOperator';
  if (task.operator === 'short_circuit') return 'ShortCircuitOperator';
  return task.operator === 'empty' ? 'EmptyOperator' : task.operator === 'trigger_dagrun' ? 'TriggerDagRunOperator' : 'PythonOperator';
}

