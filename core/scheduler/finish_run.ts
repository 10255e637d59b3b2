// A run reaching success or failed, and what follows from it: pausing a DAG after too many
// consecutive failures (max_consecutive_failed_dag_runs) and completing its backfill.
import type { RunRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { dbTime } from './state/time_text.js';
import { atLeast } from '../model/profile_order.js';

export function finishRun(sim: SimState, run: RunRecord, state: 'success' | 'failed', why: string): void {
  sim.setRunState(run, state, why);
  const dag = run.dag;
  const limit = dag.spec.max_consecutive_failed_dag_runs;
  if (state === 'failed' && limit > 0 && !dag.paused) {
    // 3.0/3.1 look at the newest runs by logical_date (runs without one sort last); 3.2 orders
    // every run by run_after DESC, id DESC (A3.2/models/dagrun.py:846, PR #65207).
    const newest = (atLeast(sim.profile, '3.2')
      ? [...dag.runs].sort((a, b) => b.run_after - a.run_after || b.id - a.id)
      : [...dag.runs].filter((r) => r.logical_date !== null).sort((a, b) => b.logical_date! - a.logical_date! || b.id - a.id)
    ).slice(0, limit);
    if (newest.length === limit && newest.every((r) => r.state === 'failed')) {
      dag.paused = true;
      sim.pauseChanged(dag);
      sim.db.run('UPDATE dag SET is_paused = 1 WHERE dag_id = ?', [dag.spec.dag_id]);
      sim.note('dag.paused', `max_consecutive_failed_dag_runs: the last ${limit} runs failed, so the DAG is paused`, { dag });
    }
  }
  if (run.backfill_id !== null) {
    const bf = sim.backfills.get(run.backfill_id);
    if (bf && bf.completed_at === null && bf.runs.every((r) => r.state === 'success' || r.state === 'failed' || r.backfill_id !== bf.id)) {
      bf.completed_at = sim.now;
      sim.db.run('UPDATE backfill SET completed_at = ?, updated_at = ? WHERE id = ?', [dbTime(sim.now), dbTime(sim.now), bf.id]);
      sim.note('backfill.completed', `backfill ${bf.id} has no queued or running runs left`, { dag });
    }
  }
}
