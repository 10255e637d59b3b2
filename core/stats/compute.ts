// The capacity figures as a pure function of a run's output (simulated, imported, or a what-if):
// dag_runs give the queued and running runs and the run delays; the decision log's task-instance
// state lines give the slots in use, the ready task instances and the task delays. Lists are only
// iterated, so the lazy output of a big simulation is read once and never held twice.
import type { DagRunOut, LogEntryOut } from '../model/output.js';
import type { Scenario } from '../model/scenario.js';
import { formatInstant, outputInstantMs } from '../time/instant.js';
import { isoDuration } from '../import/what_if_draft.js';
import { Buckets, StepSeries, chooseBucketMs } from './buckets.js';
import { delayFigures, delaySeries, newSamples, type DelaySamples } from './percentiles.js';
import type { DagStats, PoolStats, Stats } from './types.js';

export interface StatsSource {
  scenario: string;
  clock: { start: string; end: string };
  dag_runs: Iterable<DagRunOut>;
  log: Iterable<LogEntryOut>;
}

export interface StatsConfig {
  /** Pool sizes; null or absent: unknown (an imported history). */
  pools?: Record<string, number> | null;
  /** core.parallelism; null or absent: unknown. */
  parallelism?: number | null;
  /** Each task's pool and pool_slots, by `dag_id \0 task_id`; a task not here is 1 slot of default_pool. */
  taskPools?: ReadonlyMap<string, { pool: string; slots: number }>;
  /** Bucket size; default chosen from the clock (buckets.ts). */
  bucketMs?: number;
}

/** What a scenario says about capacity: its pools (default_pool 128 unless given), parallelism and task pools. */
export function statsConfig(s: Scenario): StatsConfig {
  const taskPools = new Map<string, { pool: string; slots: number }>();
  for (const d of s.dags) for (const t of d.tasks) taskPools.set(`${d.dag_id}\u0000${t.task_id}`, { pool: t.pool, slots: t.pool_slots });
  return { pools: { default_pool: 128, ...s.pools }, parallelism: s.config.parallelism, taskPools };
}

/** Task-instance log kinds that are notes, not state changes. */
const NOT_A_STATE = new Set(['ti.waiting', 'ti.blocked']);

interface TiKey { pool: string; slots: number; ready: number[]; running: number }

export function computeStats(src: StatsSource, cfg: StatsConfig = {}): Stats {
  const start = outputInstantMs(src.clock.start)!;
  const end = outputInstantMs(src.clock.end)!;
  if (!(end > start)) throw new Error(`stats: the clock must end after it starts (${src.clock.start} … ${src.clock.end})`);
  const size = cfg.bucketMs ?? chooseBucketMs(end - start);
  const b = new Buckets(start, end, size);
  const notes: string[] = [];

  // Series, by name; events change them by a delta at an instant.
  const series = new Map<string, StepSeries>();
  const get = (name: string) => { let s = series.get(name); if (!s) series.set(name, (s = new StepSeries(b))); return s; };
  const at: number[] = [], sid: StepSeries[] = [], delta: number[] = [];
  const change = (t: number, s: StepSeries, d: number) => { at.push(t); sid.push(s); delta.push(d); };

  const totalUsed = get('used'), totalQueued = get('queued_tis'), queuedRuns = get('queued_runs'), runningRuns = get('running_runs');
  const poolNames = new Set<string>(Object.keys(cfg.pools ?? {}));
  const poolUsed = (p: string) => { poolNames.add(p); return get(`used:${p}`); };
  const poolQueued = (p: string) => { poolNames.add(p); return get(`queued:${p}`); };

  const taskDelay = newSamples(), runDelay = newSamples();
  const poolDelay = new Map<string, DelaySamples>();
  const dagTaskDelay = new Map<string, number[]>(), dagRunDelay = new Map<string, number[]>(), dagRuns = new Map<string, number>();
  const push = <K>(m: Map<K, number[]>, k: K, v: number) => { const l = m.get(k); if (l) l.push(v); else m.set(k, [v]); };
  const inWindow = (t: number) => t >= start && t <= end;

  let unstartedRuns = 0;
  for (const r of src.dag_runs) {
    dagRuns.set(r.dag_id, (dagRuns.get(r.dag_id) ?? 0) + 1);
    const queued = ms(r.queued_at) ?? ms(r.run_after)!;
    const started = ms(r.start_date);
    const ended = ms(r.end_date);
    const leftQueue = started ?? ended;
    change(queued, queuedRuns, 1);
    if (leftQueue !== null) change(leftQueue, queuedRuns, -1);
    else unstartedRuns++;
    if (started !== null) {
      change(started, runningRuns, 1);
      if (ended !== null) change(ended, runningRuns, -1);
      const waited = started - ms(r.run_after)!;
      if (inWindow(started) && waited >= 0) {
        runDelay.at.push(started); runDelay.ms.push(waited);
        push(dagRunDelay, r.dag_id, waited);
      }
    }
  }

  const tis = new Map<string, TiKey>();
  let readyLines = 0, runningLines = 0;
  let lastAt = '', lastMs = 0;
  for (const l of src.log) {
    if (!l.kind.startsWith('ti.') || NOT_A_STATE.has(l.kind) || l.task_id === null) continue;
    if (l.at !== lastAt) { lastAt = l.at; lastMs = ms(l.at)!; }
    const t = lastMs;
    const k = `${l.dag_id}\u0000${l.run_id}\u0000${l.task_id}`;
    let s = tis.get(k);
    if (!s) {
      const p = cfg.taskPools?.get(`${l.dag_id}\u0000${l.task_id}`) ?? { pool: 'default_pool', slots: 1 };
      tis.set(k, (s = { pool: p.pool, slots: p.slots, ready: [], running: 0 }));
    }
    if (l.kind === 'ti.scheduled') {
      readyLines++;
      s.ready.push(t);
      change(t, totalQueued, 1); change(t, poolQueued(s.pool), 1);
    } else if (l.kind === 'ti.running') {
      runningLines++;
      if (s.ready.length) {
        const waited = t - s.ready.shift()!;
        change(t, totalQueued, -1); change(t, poolQueued(s.pool), -1);
        if (inWindow(t)) {
          taskDelay.at.push(t); taskDelay.ms.push(waited);
          let pd = poolDelay.get(s.pool);
          if (!pd) poolDelay.set(s.pool, (pd = newSamples()));
          pd.at.push(t); pd.ms.push(waited);
          push(dagTaskDelay, l.dag_id!, waited);
        }
      }
      s.running++;
      change(t, totalUsed, 1); change(t, poolUsed(s.pool), s.slots);
    } else if (l.kind !== 'ti.queued') {
      // Any other state ends a running try, or else takes a ready one out of the queue.
      if (s.running > 0) { s.running--; change(t, totalUsed, -1); change(t, poolUsed(s.pool), -s.slots); }
      else if (s.ready.length) { s.ready.shift(); change(t, totalQueued, -1); change(t, poolQueued(s.pool), -1); }
    }
  }
  let unstartedTis = 0;
  for (const s of tis.values()) unstartedTis += s.ready.length;

  // Sweep: integrate every series up to each instant, then apply that instant's changes.
  const order = Array.from(at.keys()).sort((x, y) => at[x] - at[y] || x - y);
  const all = [...series.values()];
  let now = -Infinity;
  for (const i of order) {
    if (at[i] !== now) { now = at[i]; for (const s of all) s.advance(now); }
    sid[i].value += delta[i];
  }

  if (runningLines > 0 && readyLines === 0) notes.push('the source has no ready times (an imported history): task delays and queued task instances are not known');
  if (cfg.pools == null) notes.push('pool sizes are not known (no scenario): slots available are shown as unknown');
  if (unstartedTis) notes.push(`${unstartedTis} task instance(s) still waited for a slot at the clock's end (not in the delays)`);
  if (unstartedRuns) notes.push(`${unstartedRuns} run(s) had not started at the clock's end (not in the delays)`);

  poolNames.add('default_pool');
  const pools: PoolStats[] = [...poolNames].sort().map((pool) => {
    const d = poolDelay.get(pool) ?? newSamples();
    return {
      pool, slots: cfg.pools ? (cfg.pools[pool] ?? 0) : null,
      used: poolUsed(pool).finish(), queued_tis: poolQueued(pool).finish(),
      task_delay: delayFigures([...d.ms]), task_delay_series: delaySeries(d, b),
    };
  });
  const dags: DagStats[] = [...dagRuns.keys()].sort().map((dag_id) => ({
    dag_id, runs: dagRuns.get(dag_id)!,
    task_delay: delayFigures(dagTaskDelay.get(dag_id) ?? []), run_delay: delayFigures(dagRunDelay.get(dag_id) ?? []),
  }));
  const times: string[] = [];
  for (let i = 0; i < b.count; i++) times.push(formatInstant(start + i * size));
  return {
    windtunnel: 1, scenario: src.scenario, clock: { start: src.clock.start, end: src.clock.end },
    bucket: isoDuration(size), bucket_ms: size, times, pools,
    total: {
      slots: cfg.parallelism ?? null,
      used: totalUsed.finish(), queued_tis: totalQueued.finish(), queued_runs: queuedRuns.finish(), running_runs: runningRuns.finish(),
      task_delay: delayFigures([...taskDelay.ms]), run_delay: delayFigures([...runDelay.ms]),
      task_delay_series: delaySeries(taskDelay, b), run_delay_series: delaySeries(runDelay, b),
    },
    dags, notes,
  };
}

function ms(s: string | null): number | null {
  return outputInstantMs(s);
}
