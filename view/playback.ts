// The virtual clock: what existed and in which state at instant t, derived from the decision log
// (each entry has `at`; `dag_run.<state>` and `ti.<state>` entries record changes), and the step
// narration ("step k of n: created scheduled__… because …").
import type { LogEntryOut, RunOutput, TaskInstanceOut } from '../core/index.js';

export interface Steps {
  /** Epoch ms of each log entry, in log order (non-decreasing). */
  at: Float64Array;
  n: number;
}

export function buildSteps(log: readonly LogEntryOut[]): Steps {
  const at = new Float64Array(log.length);
  log.forEach((e, i) => { at[i] = Date.parse(e.at); });
  return { at, n: log.length };
}

/** How many log entries have happened by clock t (entries with at ≤ t). */
export function stepsDone(steps: Steps, t: number): number {
  let a = 0;
  let b = steps.n;
  while (a < b) {
    const m = (a + b) >> 1;
    if (steps.at[m] <= t) a = m + 1; else b = m;
  }
  return a;
}

/** The instant of the next decision strictly after t, or null at the end. */
export function nextDecisionTime(steps: Steps, t: number): number | null {
  const k = stepsDone(steps, t);
  return k < steps.n ? steps.at[k] : null;
}

/** The instant of the last decision strictly before t, or null at the start. */
export function prevDecisionTime(steps: Steps, t: number): number | null {
  let a = 0;
  let b = steps.n;
  while (a < b) {
    const m = (a + b) >> 1;
    if (steps.at[m] < t) a = m + 1; else b = m;
  }
  return a > 0 ? steps.at[a - 1] : null;
}

const VERBS: Record<string, string> = {
  'dag_run.created': 'created',
  'dag_run.queued': 'queued',
  'dag_run.running': 'started',
  'dag_run.success': 'finished (success)',
  'dag_run.failed': 'failed',
  'dag_run.waiting': 'held back',
  'dag_run.refused': 'refused a run',
  'dag_run.skipped': 'did not create a run',
  'ti.blocked': 'blocked',
  'ti.waiting': 'kept waiting',
  'ti.scheduled': 'scheduled',
  'ti.queued': 'queued',
  'ti.running': 'started',
  'ti.success': 'finished (success)',
  'ti.failed': 'failed',
  'ti.up_for_retry': 'set up_for_retry',
  'ti.up_for_reschedule': 'set up_for_reschedule',
  'ti.deferred': 'deferred',
  'sensor.poke': 'poked',
  'sensor.external': 'found the external task for',
  'ti.upstream_failed': 'set upstream_failed',
  'ti.skipped': 'skipped',
  'ti.none': 'cleared',
  'xcom.pull': 'pulled an XCom for',
  'asset.event': 'recorded an asset event',
  'asset.queued': 'queued an asset',
  'operator.triggered': 'triggered a run from',
  'dag.paused': 'paused',
};

/** One sentence for a log entry: "created scheduled__2025-01-01T00:00:00+00:00 because …". */
export function describeEntry(e: LogEntryOut): string {
  const verb = VERBS[e.kind] ?? e.kind;
  const subject = e.task_id && e.run_id ? `${e.dag_id}.${e.task_id} in ${e.run_id}` : e.run_id ?? e.dag_id ?? '';
  let why = e.why;
  // Many reasons restate the action ("created X: cron is due ..."): keep only the reason.
  const m = /^(created|started|finished|queued)\s+\S+:\s*(.*)$/s.exec(why);
  if (m && subject && why.includes(e.run_id ?? '\u0000')) why = m[2];
  return `${verb}${subject ? ` ${subject}` : ''} because ${why}`;
}

/** "step k of n: …" for the k-th decision (1-based); k = 0 is before the first decision. */
export function narration(log: readonly LogEntryOut[], k: number): string {
  const n = log.length;
  if (n === 0) return 'no decisions: the scheduler did nothing in this scenario';
  if (k <= 0) return `step 0 of ${n}: before the first decision (${log[0].at})`;
  const e = log[Math.min(k, n) - 1];
  return `step ${Math.min(k, n)} of ${n} at ${e.at}: ${describeEntry(e)}`;
}

/** Task-instance states over time, keyed by dag_id/run_id/task_id. */
export interface TiHistory { at: number[]; state: Array<string | null> }

export const tiKey = (dag: string, run: string, task: string): string => `${dag}\u0001${run}\u0001${task}`;

export function buildTiHistory(log: readonly LogEntryOut[]): Map<string, TiHistory> {
  const out = new Map<string, TiHistory>();
  for (const e of log) {
    if (!e.kind.startsWith('ti.') || !e.task_id || !e.run_id || !e.dag_id) continue;
    const st = e.kind.slice(3);
    if (st === 'blocked' || st === 'waiting') continue;
    const key = tiKey(e.dag_id, e.run_id, e.task_id);
    let h = out.get(key);
    if (!h) out.set(key, (h = { at: [], state: [] }));
    h.at.push(Date.parse(e.at));
    h.state.push(st === 'none' ? null : st);
  }
  return out;
}

/** A TI's state at t. Without log history, its timestamps decide; `undefined`: not created yet. */
export function tiStateAt(ti: TaskInstanceOut, history: Map<string, TiHistory>, t: number, runCreated: number): string | null | undefined {
  if (t === Infinity) return ti.state;
  if (runCreated > t) return undefined;
  const h = history.get(tiKey(ti.dag_id, ti.run_id, ti.task_id));
  if (h && h.at.length) {
    let s: string | null | undefined = null;
    for (let i = 0; i < h.at.length && h.at[i] <= t; i++) s = h.state[i];
    return s;
  }
  const end = ti.end_date ? Date.parse(ti.end_date) : NaN;
  const start = ti.start_date ? Date.parse(ti.start_date) : NaN;
  if (end <= t) return ti.state;
  if (start <= t) return 'running';
  return null;
}

/** Log entries about a run (and optionally one of its tasks), in order. */
export function entriesFor(output: Pick<RunOutput, 'log'>, dagId: string, runId: string, taskId?: string): LogEntryOut[] {
  return output.log.filter((e) => e.dag_id === dagId && e.run_id === runId && (taskId === undefined || e.task_id === taskId));
}
