// Queued → running (_start_queued_dagruns, §4.2): only when run_after has come, the DAG is
// unpaused, and fewer runs of the same (dag, backfill) bucket are RUNNING than its limit
// (queued runs do not count here). Backfill runs go after the others, in sort_ordinal order.
import type { RunRecord } from './records.js';
import { iso, type Simulation } from './simulation.js';

function order(a: RunRecord, b: RunRecord): number {
  const sa = a.sort_ordinal ?? -1;
  const sb = b.sort_ordinal ?? -1;
  if (a.backfill_id === null && b.backfill_id !== null) return -1;
  if (a.backfill_id !== null && b.backfill_id === null) return 1;
  if (sa !== sb) return sa - sb;
  return a.run_after - b.run_after || a.id - b.id;
}

export function startQueuedRuns(sim: Simulation): boolean {
  if (sim.queuedRuns.size === 0) return false;
  const candidates = [...sim.queuedRuns].filter((r) => r.run_after <= sim.now && !r.dag.paused).sort(order);
  let changed = false;
  const running = new Map<string, number>();
  const bucketOf = (r: RunRecord) => `${r.dag.spec.dag_id}\u0000${r.backfill_id ?? ''}`;
  for (const r of sim.runningRuns) running.set(bucketOf(r), (running.get(bucketOf(r)) ?? 0) + 1);
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
