// Before simulating: how much work do the clock, the schedules and the events imply? An every-minute
// DAG with `clock.end: 9999-01-01`, a century of catchup, a huge backfill or a trigger cycle would
// otherwise run for hours (or until Node runs out of memory) without a word. The estimate is cheap
// (a few hundred timetable steps per DAG, then extrapolated) and errs high; callers refuse beyond a
// budget, naming the field that drives the work.
import type { AssetCondition, DagSpec, Instant, Scenario, TaskSpec } from './model/scenario.js';
import type { ScenarioError } from './api.js';
import type { DagRunInfo, TimeRestriction, Timetable } from './timetables/types.js';
import { makeTimetable } from './timetables/make_timetable.js';
import { createLocator } from './scenario/locate.js';
import { formatInstant } from './time/instant.js';

/** Past these, a run takes minutes and gigabytes (docs/proof.md: 87,600 runs × 10 tasks ≈ 17 s, 0.6 GiB). */
export const WORK_LIMITS = { runs: 200_000, task_instances: 2_000_000 } as const;

/** Timetable steps taken per DAG before extrapolating from their average spacing. */
const SAMPLE = 128;

export interface WorkEstimate {
  runs: number;
  /** Task instance tries (a retried try counts again). Infinity when tries never end. */
  task_instances: number;
  /** The scenario field that drives most of the work, as a key path (`clock.end`, `events[3].backfill.from_date`). */
  path: string;
  /** Why that field: a short phrase for the message. */
  why: string;
}

export interface EstimateOptions {
  /** Simulation start; default clock.start (`serve` starts at its own instant). */
  from?: Instant;
  /** Simulation end; default clock.end (`--until` shortens it). */
  until?: Instant;
}

interface Source { runs: number; path: string; why: string }

export function estimateWork(scenario: Scenario, opts: EstimateOptions = {}): WorkEstimate {
  const from = opts.from ?? scenario.clock.start;
  const until = Math.max(from, Math.min(opts.until ?? scenario.clock.end, scenario.clock.end));
  const span = until - from;
  const dagIndex = new Map(scenario.dags.map((d, i) => [d.dag_id, i] as const));
  // Per DAG: runs from its own schedule and events, and where most of them come from.
  const base = scenario.dags.map(() => 0);
  const sources: Source[] = [];
  const add = (dag_id: string, runs: number, path: string, why: string) => {
    const i = dagIndex.get(dag_id);
    if (i === undefined || !(runs > 0)) return;
    base[i] += runs;
    sources.push({ runs, path, why });
  };

  const unpaused = new Set(scenario.events.filter((e) => e.kind === 'unpause' && e.at <= until).map((e) => (e as { dag_id: string }).dag_id));
  scenario.dags.forEach((dag, i) => {
    // A DAG paused for the whole clock schedules nothing (an unpause event is counted as if from the start).
    if (dag.paused && !unpaused.has(dag.dag_id)) return;
    const tt = timetableOf(scenario, dag);
    if (!tt) return;
    if (dag.schedule.kind === 'continuous' || tt.summary === '@continuous') {
      // Back to back: one run per critical path (at least a second; zero-length loops are stopped elsewhere).
      add(dag.dag_id, 1 + span / Math.max(criticalPathMs(dag.tasks), 1000), `dags[${i}].schedule`, `dag ${dag.dag_id} runs continuously`);
      return;
    }
    const restriction = restrictionOf(dag);
    const c = countTicks(tt, restriction, from, until);
    if (c.backlog > 0) add(dag.dag_id, c.backlog, `dags[${i}].start_date`, `dag ${dag.dag_id} catches up from its start_date ${formatInstant(restriction.earliest ?? from)}`);
    if (c.ahead > 0) add(dag.dag_id, c.ahead, 'clock.end', `dag ${dag.dag_id} (schedule ${JSON.stringify(dag.schedule_text)}) runs until clock.end ${formatInstant(until)}`);
  });

  const assetEvents = new Map<string, number>();
  const queueAssets = new Map<string, string[]>();
  for (const a of scenario.assets) for (const w of a.watchers) queueAssets.set(w.queue, [...(queueAssets.get(w.queue) ?? []), a.name]);
  scenario.events.forEach((e, k) => {
    if (e.at > until) return;
    if (e.kind === 'trigger') add(e.trigger.dag_id, 1, `events[${k}]`, 'a trigger event');
    else if (e.kind === 'api' && e.api.method.toUpperCase() === 'POST') {
      const m = /^\/api\/v[12]\/dags\/([^/]+)\/dagRuns\/?$/.exec(e.api.path);
      if (m) add(decodeURIComponentSafe(m[1]), 1, `events[${k}]`, 'a REST call');
    } else if (e.kind === 'asset_event') assetEvents.set(e.asset_event.asset, (assetEvents.get(e.asset_event.asset) ?? 0) + 1);
    else if (e.kind === 'message') for (const a of queueAssets.get(e.message.queue) ?? []) assetEvents.set(a, (assetEvents.get(a) ?? 0) + 1);
    else if (e.kind === 'backfill') {
      const i = dagIndex.get(e.backfill.dag_id);
      if (i === undefined) return;
      const tt = timetableOf(scenario, scenario.dags[i]);
      if (!tt || !tt.periodic) return;
      const to = Math.min(e.backfill.to_date, e.at);
      const c = countTicks(tt, { earliest: e.backfill.from_date, latest: to, catchup: true }, e.backfill.from_date, to);
      add(e.backfill.dag_id, c.backlog + c.ahead, `events[${k}].backfill.from_date`, `the backfill of ${e.backfill.dag_id} from ${formatInstant(e.backfill.from_date)} to ${formatInstant(e.backfill.to_date)}`);
    }
  });

  // Runs made by other runs: asset events from task outlets, TriggerDagRunOperator. Propagated in
  // passes; what still grows after one pass per DAG is a cycle, bounded by the clock instead.
  const runs = [...base];
  const passes = scenario.dags.length + 1;
  let growing = new Set<number>();
  for (let pass = 0; pass <= passes; pass++) {
    const next = propagate(scenario, base, runs, assetEvents, dagIndex);
    growing = new Set(next.map((v, i) => (v > runs[i] + 0.5 ? i : -1)).filter((i) => i >= 0));
    for (let i = 0; i < runs.length; i++) runs[i] = next[i];
    if (growing.size === 0) break;
  }
  for (const i of growing) {
    const dag = scenario.dags[i];
    const bound = 1 + span / Math.max(criticalPathMs(dag.tasks), 1000);
    runs[i] = Math.max(base[i], bound);
    const j = dag.tasks.findIndex((t) => t.operator === 'trigger_dagrun');
    sources.push({ runs: bound, path: j >= 0 ? `dags[${i}].tasks[${j}].trigger.dag_id` : `dags[${i}].schedule`, why: `dag ${dag.dag_id} is in a cycle of runs that trigger each other` });
  }
  const totalRuns = runs.reduce((a, b) => a + b, 0);

  let tis = 0;
  let endless: { path: string; why: string } | null = null;
  for (let i = 0; i < scenario.dags.length; i++) {
    const dag = scenario.dags[i];
    for (let j = 0; j < dag.tasks.length; j++) {
      const t = dag.tasks[j];
      const tries = triesOf(t, span);
      if (!Number.isFinite(tries) && runs[i] > 0 && endless === null) {
        endless = { path: `dags[${i}].tasks[${j}].retries`, why: `task ${t.task_id} of ${dag.dag_id} fails and retries with no time between tries` };
      }
      tis += runs[i] * tries;
    }
  }

  const top = sources.reduce<Source | null>((a, b) => (a === null || b.runs > a.runs ? b : a), null);
  const blame = endless ?? (top ? { path: top.path, why: top.why } : { path: 'clock.end', why: `the clock runs until ${formatInstant(until)}` });
  return { runs: Math.ceil(totalRuns), task_instances: Math.ceil(tis), ...blame };
}

/** A located refusal when the estimate is over `limits`; null when the work is fine. */
export function workBudgetError(
  scenario: Scenario, text: string | null, file: string, opts: EstimateOptions & { limits?: { runs: number; task_instances: number } } = {},
): ScenarioError | null {
  const limits = opts.limits ?? WORK_LIMITS;
  const w = estimateWork(scenario, opts);
  if (w.runs <= limits.runs && w.task_instances <= limits.task_instances) return null;
  const pos = text === null ? null : createLocator(text)(w.path);
  const n = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'unbounded');
  return {
    file, line: pos?.line ?? 1, col: pos?.col ?? 1, path: w.path,
    message: `too much work to simulate: about ${n(w.runs)} dag runs and ${n(w.task_instances)} task instances (the limit is ${n(limits.runs)} runs and ${n(limits.task_instances)} task instances): ${w.why}; give --until, a shorter clock.end, or --force to run it anyway`,
  };
}

function timetableOf(scenario: Scenario, dag: DagSpec): Timetable | null {
  try {
    return makeTimetable(dag.schedule, { timezone: dag.timezone, create_cron_data_intervals: scenario.config.create_cron_data_intervals });
  } catch {
    return null;
  }
}

function restrictionOf(dag: DagSpec): TimeRestriction {
  const starts = [dag.start_date, ...dag.tasks.map((t) => t.start_date)].filter((d): d is number => d !== null);
  return { earliest: starts.length ? starts.reduce((a, b) => Math.min(a, b)) : null, latest: dag.end_date, catchup: dag.catchup };
}

/** Scheduled runs with run_after in [.., until]: those due at `from` (backlog) and those after it. */
function countTicks(tt: Timetable, restriction: TimeRestriction, from: Instant, until: Instant): { backlog: number; ahead: number } {
  let info: DagRunInfo | null;
  const later = { ...restriction, catchup: true };
  try { info = tt.next_dagrun_info(null, restriction, from); } catch { return { backlog: 0, ahead: 0 }; }
  if (!info || info.run_after > until) return { backlog: 0, ahead: 0 };
  const first = info;
  let last = info;
  let n = 0;
  while (info && info.run_after <= until && n < SAMPLE) {
    n++;
    last = info;
    try { info = tt.next_dagrun_info(info.data_interval, later, until); } catch { info = null; }
    if (info && info.logical_date <= last.logical_date) info = null; // a timetable that stops moving
  }
  let total = n;
  if (info && info.run_after <= until && last.run_after > first.run_after) {
    const end = Math.min(until, restriction.latest ?? until);
    total = n + ((end - last.run_after) * (n - 1)) / (last.run_after - first.run_after);
  }
  // Split by `from`: ticks due at the start are created at once (catchup), the rest as time passes.
  const perMs = last.run_after > first.run_after ? (n - 1) / (last.run_after - first.run_after) : 0;
  const backlog = first.run_after >= from ? 0 : Math.min(total, 1 + (from - first.run_after) * perMs);
  return { backlog, ahead: total - backlog };
}

function propagate(scenario: Scenario, base: number[], runs: number[], external: Map<string, number>, dagIndex: Map<string, number>): number[] {
  const events = new Map(external);
  const next = [...base];
  scenario.dags.forEach((dag, i) => {
    for (const t of dag.tasks) {
      for (const a of t.outlets) events.set(a, (events.get(a) ?? 0) + runs[i]);
      if (t.operator === 'trigger_dagrun' && t.trigger) {
        const j = dagIndex.get(t.trigger.dag_id);
        if (j !== undefined) next[j] += runs[i];
      }
    }
  });
  scenario.dags.forEach((dag, i) => {
    const cond = dag.schedule.kind === 'assets' || dag.schedule.kind === 'asset_or_time' ? dag.schedule.condition : null;
    if (cond) for (const a of assetNames(cond)) next[i] += events.get(a) ?? 0; // an upper bound: every event may make a run
  });
  return next;
}

function assetNames(c: AssetCondition): string[] {
  return c.kind === 'asset' ? [c.name] : c.kind === 'alias' ? [] : c.of.flatMap(assetNames);
}

/** Tries of one task instance: retries only matter when the task can fail; the clock bounds them. */
function triesOf(t: TaskSpec, span: number): number {
  const failing = t.outcome.kind === 'failed' || t.outcome.kind === 'fail_if' ? t.retries : t.outcome.kind === 'fail_tries' ? Math.min(t.outcome.tries, t.retries) : 0;
  if (failing === 0) return 1;
  const gap = minDurationMs(t) + (t.retry_exponential_backoff ? Math.max(t.retry_delay_ms, 1000) : t.retry_delay_ms);
  if (gap <= 0) return Infinity;
  return 1 + Math.min(failing, span / gap);
}

function minDurationMs(t: TaskSpec): number {
  return t.duration.kind === 'fixed' ? t.duration.ms : t.duration.min_ms;
}

/** Longest chain of minimum durations through the task graph (tasks are validated acyclic). */
function criticalPathMs(tasks: TaskSpec[]): number {
  const byId = new Map(tasks.map((t) => [t.task_id, t] as const));
  const memo = new Map<string, number>();
  const order: TaskSpec[] = [];
  // Iterative depth-first order, so a long chain of tasks cannot overflow the stack.
  const seen = new Set<string>();
  for (const root of tasks) {
    const stack: { t: TaskSpec; done: boolean }[] = [{ t: root, done: false }];
    while (stack.length) {
      const top = stack.pop()!;
      if (top.done) { order.push(top.t); continue; }
      if (seen.has(top.t.task_id)) continue;
      seen.add(top.t.task_id);
      stack.push({ t: top.t, done: true });
      for (const u of top.t.upstream) { const ut = byId.get(u); if (ut && !seen.has(u)) stack.push({ t: ut, done: false }); }
    }
  }
  let best = 0;
  for (const t of order) {
    const up = t.upstream.reduce((m, u) => Math.max(m, memo.get(u) ?? 0), 0);
    const v = up + minDurationMs(t);
    memo.set(t.task_id, v);
    best = Math.max(best, v);
  }
  return best;
}

function decodeURIComponentSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
