// A synthetic RunOutput of any size, for layout tests, the redraw benchmark (?bench=N) and demos
// when no engine is at hand. Deterministic: a small LCG, no clock.
import type { DagRunOut, LogEntryOut, RunOutput, TaskInstanceOut } from '../core/index.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const runIdTime = (t: number): string => new Date(t).toISOString().replace('.000Z', '+00:00');

export interface SyntheticOptions {
  dags?: number;
  start?: string;
  withTasks?: boolean;
  seed?: number;
}

/** `n` dag runs over `dags` DAGs: interval runs (data-interval and zero-length cron-trigger),
 * manual runs without a logical date, asset-triggered, backfill and operator-triggered runs. */
export function syntheticOutput(n: number, opts: SyntheticOptions = {}): RunOutput {
  const dags = Math.max(1, opts.dags ?? 4);
  const t0 = Date.parse(opts.start ?? '2025-01-01T00:00:00Z');
  let seed = (opts.seed ?? 1) >>> 0 || 1;
  const rand = (): number => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32; };
  const perDag = Math.ceil(n / dags);
  const runs: DagRunOut[] = [];
  const tis: TaskInstanceOut[] = [];
  const log: LogEntryOut[] = [];
  // Mostly success, as in a healthy deployment: ~6% failed.
  const pick = (): 'success' | 'failed' => (rand() < 0.06 ? 'failed' : 'success');
  let maxT = t0 + DAY;
  for (let d = 0; d < dags && runs.length < n; d++) {
    const dagId = `dag_${String(d).padStart(2, '0')}`;
    const zero = d % 2 === 1; // CronTrigger: zero-length intervals
    const step = HOUR;
    for (let k = 0; k < perDag && runs.length < n; k++) {
      const kind = k % 10;
      const base = t0 + k * step;
      let run: DagRunOut;
      const common = { dag_id: dagId, conf: {}, backfill_id: null, clear_number: 0 };
      const dur = (5 + rand() * 40) * 60_000;
      if (kind === 3) {
        const ra = base + step * 0.4;
        run = { ...common, run_id: `manual__${runIdTime(ra)}`, run_type: 'manual', triggered_by: 'cli', logical_date: null, data_interval_start: null, data_interval_end: null, run_after: iso(ra), queued_at: iso(ra), start_date: iso(ra + 1000), end_date: iso(ra + dur), state: pick() };
      } else if (kind === 6) {
        const ra = base + step * 0.7;
        run = { ...common, run_id: `asset_triggered__${runIdTime(ra)}`, run_type: 'asset_triggered', triggered_by: 'asset', logical_date: null, data_interval_start: null, data_interval_end: null, run_after: iso(ra), queued_at: iso(ra), start_date: iso(ra + 1000), end_date: iso(ra + dur), state: 'success' };
      } else if (kind === 8) {
        const ra = base + step * 0.2;
        run = { ...common, run_id: `manual__${runIdTime(ra)}_op`, run_type: 'manual', triggered_by: 'operator', logical_date: iso(ra), data_interval_start: iso(ra), data_interval_end: iso(ra), run_after: iso(ra), queued_at: iso(ra), start_date: iso(ra + 1000), end_date: iso(ra + dur), state: 'success' };
      } else {
        const ds = zero ? base + step : base;
        const de = base + step;
        const isBackfill = kind === 9;
        run = { ...common, run_id: `${isBackfill ? 'backfill' : 'scheduled'}__${runIdTime(ds)}`, run_type: isBackfill ? 'backfill' : 'scheduled', triggered_by: isBackfill ? 'backfill' : 'timetable', logical_date: iso(ds), data_interval_start: iso(ds), data_interval_end: iso(de), run_after: iso(de), queued_at: iso(de), start_date: iso(de + 2000), end_date: iso(de + dur), state: pick(), backfill_id: isBackfill ? 1 : null };
      }
      if (k === perDag - 1) { run.state = 'running'; run.end_date = null; }
      runs.push(run);
      maxT = Math.max(maxT, Date.parse(run.run_after) + dur);
      if (opts.withTasks) {
        for (const task of ['extract', 'transform', 'load']) {
          tis.push({ dag_id: dagId, run_id: run.run_id, task_id: task, map_index: -1, try_number: 1, state: run.state === 'failed' && task === 'load' ? 'failed' : run.state === 'running' && task === 'load' ? 'running' : 'success', start_date: run.start_date, end_date: run.end_date, rendered: {}, error: null });
        }
      }
      log.push({ at: run.queued_at!, kind: 'dag_run.created', dag_id: dagId, run_id: run.run_id, task_id: null, why: `created ${run.run_id}` });
    }
  }
  runs.sort((a, b) => (a.run_after < b.run_after ? -1 : a.run_after > b.run_after ? 1 : 0));
  log.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    windtunnel: 1, scenario: `synthetic-${n}`, airflow: '3.1', seed: opts.seed ?? 1,
    clock: { start: iso(t0), end: iso(maxT) },
    dag_runs: runs, task_instances: tis, xcoms: [], asset_events: [], event_results: [], log,
  };
}
