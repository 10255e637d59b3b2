// get_previous_successful_dagrun (§7): the newest successful run with an earlier logical date,
// any run type; none when the run has no logical date. Feeds prev_*_success in the context.
import type { RunRecord } from './state/records.js';

export function previousSuccessfulRun(run: RunRecord): RunRecord | null {
  if (run.logical_date === null) return null;
  let best: RunRecord | null = null;
  for (const r of run.dag.runs) {
    if (r.state !== 'success' || r.logical_date === null || r.logical_date >= run.logical_date) continue;
    if (!best || r.logical_date > best.logical_date!) best = r;
  }
  return best;
}
