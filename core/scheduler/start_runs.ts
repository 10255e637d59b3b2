// Queued → running (_start_queued_dagruns, §4.2): only when run_after has come, the DAG is
// unpaused, and fewer runs of the same (dag, backfill) bucket are RUNNING than its limit
// (queued runs do not count here). Backfill runs go after the others, in sort_ordinal order.
import type { RunRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { iso } from './state/time_text.js';

function order(a: RunRecord, b: RunRecord): number {
  const sa = a.sort_ordinal ?? -1;
  const sb = b.sort_ordinal ?? -1;
  if (a.backfill_id === null && b.backfill_id !== null) return -1;
  if (a.backfill_id !== null && b.backfill_id === null) return 1;
  if (sa !== sb) return sa - sb;
  return a.run_after - b.run_after || a.id - b.id;
}

export function startQueuedRuns(sim: SimState): boolean {
  if (sim.queuedRuns.size === 0) return false;
  let changed = false;
  // Running runs per bucket: the DAG's own runs, or one backfill's (a key string only for those).
  const running = new Map<unknown, number>();
  const bucketOf = (r: RunRecord): unknown => (r.backfill_id === null ? r.dag : `${r.dag.spec.dag_id}\u0000${r.backfill_id}`);
  // Only DAGs whose runs changed (or whose queued run's run_after came) since they were last
  // looked at can start a run or owe a line (state/dag_visits.ts); their running runs are counted.
  const dags = sim.dagVisits.forStart(sim.now);
  const queued: RunRecord[] = [];
  for (const dag of dags) for (const r of dag.active) {
    if (r.state === 'queued') { queued.push(r); continue; }
    const bucket = bucketOf(r);
    running.set(bucket, (running.get(bucket) ?? 0) + 1);
  }
  // Only runs that can start or that still owe their one "waiting" line change anything. Per
  // bucket, the runs that start are the first `free` ones in order; every later one waits. So keep
  // those few per bucket plus the runs not yet noted, and sort only them: the same decisions and
  // log lines in the same order, without sorting every queued run on every pass (`windtunnel
  // serve` holds tens of thousands of queued runs).
  const top = new Map<unknown, { free: number; runs: RunRecord[] }>();
  const candidates: RunRecord[] = [];
  for (const r of queued) {
    if (r.run_after > sim.now || r.dag.paused) continue;
    let key: unknown;
    let free: number;
    if (r.backfill_id === null) {
      key = r.dag;
      free = r.dag.spec.max_active_runs - (running.get(r.dag) ?? 0);
    } else {
      const b = sim.backfills.get(r.backfill_id);
      if (b?.is_paused) continue;
      key = bucketOf(r);
      free = (b ? b.max_active_runs : Infinity) - (running.get(key) ?? 0);
    }
    if (free > 0) {
      let t = top.get(key);
      if (!t) top.set(key, (t = { free, runs: [] }));
      if (t.runs.length < t.free || order(r, t.runs[t.runs.length - 1]) < 0) {
        // Insert in order; whoever falls off the end waits (and is noted below if it must be).
        let i = t.runs.length;
        while (i > 0 && order(r, t.runs[i - 1]) < 0) i--;
        t.runs.splice(i, 0, r);
        if (t.runs.length > t.free) {
          const out = t.runs.pop()!;
          if (out.last_scheduling_decision === null) candidates.push(out);
        }
        continue;
      }
    }
    if (r.last_scheduling_decision === null) candidates.push(r);
  }
  // A loop, not push(...runs): a backfill's free slots can hold hundreds of thousands of runs,
  // more arguments than the stack takes.
  for (const t of top.values()) for (const r of t.runs) candidates.push(r);
  candidates.sort(order);
  for (const run of candidates) {
    const backfill = run.backfill_id !== null ? sim.backfills.get(run.backfill_id) : undefined;
    if (backfill?.is_paused) continue;
    const limit = backfill ? backfill.max_active_runs : run.dag.spec.max_active_runs;
    const bucket = bucketOf(run);
    const count = running.get(bucket) ?? 0;
    if (count >= limit) {
      const why = `waiting: ${count} running run(s) already, max_active_runs is ${limit}${backfill ? ` for backfill ${backfill.id}` : ''}`;
      if (run.last_scheduling_decision === null) {
        sim.note('dag_run.waiting', why, { run });
        run.last_scheduling_decision = sim.now;
      }
      continue;
    }
    running.set(bucket, count + 1);
    sim.setRunState(run, 'running', `started: run_after ${iso(run.run_after)} has come and ${count} of ${limit} run slots are taken`);
    changed = true;
  }
  return changed;
}
