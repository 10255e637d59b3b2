// In-memory records of the simulation's hot state. SQL (db/) stays the source of truth that
// learners query and that enforces uniqueness; these mirror it so scheduling decisions do not
// round-trip through SQL for every dependency check (stack.md: a Map update is ~40× cheaper).
import type { DagSpec, Instant, TaskSpec } from '../../model/scenario.js';
import type { DagRunState, RunType, TaskState, TriggeredBy } from '../../model/output.js';
import type { DagRunInfo, DataInterval, Timetable, TimeRestriction } from '../../timetables/types.js';

export interface DagRecord {
  spec: DagSpec;
  timetable: Timetable;
  restriction: TimeRestriction;
  paused: boolean;
  /** Every run of the DAG in creation order. */
  runs: RunRecord[];
  /** Runs by logical date (a DAG has at most one per non-null date). */
  byLogicalDate: Map<number, RunRecord>;
  /** Queued and running runs. */
  active: Set<RunRecord>;
  /** The latest scheduled/backfill run's data interval by logical date ("last automated run"). */
  lastAutomated: { logical_date: Instant; interval: DataInterval } | null;
  taskIndex: Map<string, number>;
  upstream: number[][];
  downstream: number[][];
  /** Tasks with no downstream: they decide the run's outcome. */
  leaves: number[];
  priority: number[];
  anyDependsOnPast: boolean;
  /** Set while an asset-ready DAG waits for a run slot, so the log says so once. */
  assetWaitNoted?: boolean;
  /** The last timetable error logged, so it is said once. */
  lastTimetableError?: string;
  /** A trigger timetable's proposal still in the future, for the last automated run it was made from (create_runs.ts). */
  futureNext?: { last: DagRecord['lastAutomated']; info: DagRunInfo };
  /** The last automated run for which the trigger timetable's proposal was due but max_active_runs held it back (create_runs.ts). */
  dueHeldAfter?: DagRecord['lastAutomated'];
  /** What the dag table's next_dagrun* columns show; undefined until first computed. */
  nextDagrun?: DagRunInfo | null;
}

export interface RunRecord {
  id: number;
  dag: DagRecord;
  run_id: string;
  logical_date: Instant | null;
  run_after: Instant;
  data_interval: DataInterval | null;
  queued_at: Instant | null;
  start_date: Instant | null;
  end_date: Instant | null;
  state: DagRunState;
  run_type: RunType;
  triggered_by: TriggeredBy;
  conf: Record<string, unknown>;
  backfill_id: number | null;
  /** Position within its backfill (1 = first); depends_on_past lets the first one pass. */
  sort_ordinal: number | null;
  clear_number: number;
  tis: TaskInstanceRecord[];
  /** Asset events this run consumed (asset-triggered runs). */
  consumed_event_ids: number[];
  last_scheduling_decision: Instant | null;
  /**
   * True when scheduleRun last found nothing to do and nothing in the run changed since (a TI or
   * run state change clears it): the next pass can skip its task-instance scan (schedule_run.ts).
   */
  settled?: boolean;
  /** The run's place in the running order, its pending visit and, while quiet, the pass clock (run_scan.ts). */
  scanSeq?: number;
  scanQueued?: boolean;
  scanClock?: { at: Instant | null; prev: Instant | null } | null;
  /** Its task instances in state running (state/slots_in_use.ts). */
  tisRunning?: number;
  /** 3.2+: dag_run.partition_key (only REST triggers that name one set it here). */
  partition_key?: string | null;
}

export interface TriggerWait {
  target: RunRecord;
  next_poke: Instant;
  allowed_states: string[];
  failed_states: string[];
}

export interface TaskInstanceRecord {
  dbId: number;
  run: RunRecord;
  task: TaskSpec;
  /** The task's position in its DAG (run.tis[index] is its first instance, mapped.ts). */
  index: number;
  /** -1 unless the task is mapped; a mapped task's further instances follow the DAG's tasks in run.tis. */
  map_index: number;
  state: TaskState;
  try_number: number;
  max_tries: number;
  start_date: Instant | null;
  end_date: Instant | null;
  /** When the running try ends, with what result. */
  end_at: Instant | null;
  pending: PendingEnd | null;
  next_retry_at: Instant | null;
  rendered: Record<string, string>;
  error: string | null;
  wait: TriggerWait | null;
  /** The last reason it was held back, so the log says it once, not every loop. */
  blocked: string | null;
  /** The rendered `returns`, pushed as XCom return_value when the try succeeds. */
  pendingReturn?: unknown;
  /** Bumped whenever the TI changes so stale wake-ups can be ignored. */
  version: number;
  /** Its task's priority_weight in the DAG (fixed): the ready queue compares it on every push and pop. */
  weight?: number;
  /** A sensor's state across its pokes, reschedules and deferral (sensors.ts, triggerer.ts). */
  sensor?: SensorTry;
}

/** How a try ends. A sensor's try may also park (up_for_reschedule) or defer; `no_retry`: AirflowSensorTimeout. */
export interface PendingEnd {
  state: 'success' | 'failed' | 'skipped' | 'up_for_reschedule' | 'deferred';
  error: string | null;
  no_retry?: boolean;
}

export interface SensorTry {
  /** The try these fields belong to (a retry or a clear starts afresh). */
  try_number: number;
  /** Poke mode: the try's start; reschedule mode: the first reschedule of this try (the timeout's origin). */
  started: Instant;
  pokes: number;
  /** Poke mode: the instant of the next poke while the try sleeps. */
  next_poke: Instant | null;
  /** Reschedule mode: the TaskReschedule row's reschedule_date. */
  reschedule_at: Instant | null;
  /** Deferrable mode: the trigger the triggerer runs, and how the try resumes. */
  trigger: { moment: Instant | null; timeout_at: Instant | null } | null;
  resume: 'event' | 'timeout' | null;
}

/** The rendered fields of every try without templates: one shared, frozen object (876k TIs in a 10-year run). */
export const NO_RENDERED: Record<string, string> = Object.freeze({}) as Record<string, string>;

export const FINISHED_TI_STATES: ReadonlySet<TaskState> = new Set<TaskState>(['success', 'failed', 'skipped', 'upstream_failed', 'removed']);
export const SCHEDULABLE_TI_STATES: ReadonlySet<TaskState> = new Set<TaskState>([null, 'up_for_retry', 'up_for_reschedule']);
export const EXECUTING_TI_STATES: ReadonlySet<TaskState> = new Set<TaskState>(['scheduled', 'queued', 'running']);
