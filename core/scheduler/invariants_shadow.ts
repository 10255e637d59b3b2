// What the invariant checker remembers of the previous instant (states, try numbers, pause flags,
// the next instant something was due), the state sets its rules speak of, and how messages name
// runs and task instances.
import type { DagRecord, RunRecord, TaskInstanceRecord } from './state/records.js';
import type { Instant } from '../model/scenario.js';
import type { Simulation } from './simulation.js';
import type { TaskState } from '../model/output.js';
import { formatInstant } from '../time/instant.js';

export const FINISHED = new Set<TaskState>(['success', 'failed', 'skipped', 'upstream_failed', 'removed']);
export const OK_FOR_PAST = new Set<TaskState>(['success', 'skipped']);
export const SCHEDULABLE = new Set<TaskState>([null, 'up_for_retry', 'up_for_reschedule']);
export const EXECUTING = new Set<TaskState>(['scheduled', 'queued', 'running']);
interface TiShadow { state: TaskState; try_number: number; next_retry_at: Instant | null }
interface RunShadow { state: RunRecord['state']; run_id: string; logical_date: Instant | null; run_after: Instant }

export interface Shadow {
  steps: number;
  lastNow: Instant | null;
  /** The earliest instant something was due after the previous step (the clock must not pass it). */
  dueBy: { at: Instant; what: string } | null;
  logSeen: number;
  runsSeen: number;
  resultsSeen: number;
  assetEventsSeen: number;
  maxRunId: number;
  runIds: Map<DagRecord, Map<string, RunRecord>>;
  dagRunsSeen: Map<DagRecord, number>;
  /** Runs queued or running after the previous step. */
  activeLast: Set<RunRecord>;
  logicalDates: Map<DagRecord, Map<Instant, RunRecord>>;
  tis: Map<TaskInstanceRecord, TiShadow>;
  runs: Map<RunRecord, RunShadow>;
  paused: Map<DagRecord, boolean>;
}

export const shadows = new WeakMap<Simulation, Shadow>();

/**
 * Small worlds are checked in full after every step. In big ones (more runs than this) a step checks
 * the runs it touched (the log names every change), the queued and running ones and the new ones,
 * and every FULL_SCAN_EVERY steps all of them, so a change that bypassed the log is still caught.
 */
export const FULL_SCAN_RUNS = 400;
export const FULL_SCAN_EVERY = 64;

export function shadowOf(sim: Simulation): Shadow {
  let s = shadows.get(sim);
  if (!s) {
    s = {
      steps: 0, lastNow: null, dueBy: null, logSeen: 0, runsSeen: 0, resultsSeen: 0, assetEventsSeen: 0, maxRunId: 0,
      runIds: new Map(), dagRunsSeen: new Map(), activeLast: new Set(), logicalDates: new Map(), tis: new Map(), runs: new Map(), paused: new Map(),
    };
    for (const dag of sim.dagOrder) s.paused.set(dag, dag.spec.paused);
    shadows.set(sim, s);
  }
  return s;
}
export function key(a: string | null, b: string | null, c?: string | null): string {
  return c === undefined ? `${a ?? ''}\u0000${b ?? ''}` : `${a ?? ''}\u0000${b ?? ''}\u0000${c ?? ''}`;
}
export const NO_TI_YET: TiShadow = { state: null, try_number: 0, next_retry_at: null };
export const at = (ms: Instant) => formatInstant(ms);
export const tiName = (ti: TaskInstanceRecord) => `${ti.run.dag.spec.dag_id}/${ti.run.run_id}/${ti.task.task_id}`;
export const runName = (run: RunRecord) => `${run.dag.spec.dag_id}/${run.run_id}`;
