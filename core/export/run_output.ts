// The `run --format json` document (scenario-format.md): arrays in a stable order, instants as
// UTC ISO strings, so the same scenario and seed always give the same bytes.
import type { RunOutput } from '../model/output.js';
import { formatInstant } from '../time/instant.js';
import type { Simulation } from '../scheduler/simulation.js';
import { allXComs } from '../scheduler/xcom.js';
import { assetEvents } from '../scheduler/assets.js';

// Many records share an instant (a step writes several log lines): format each instant once.
let lastMs = NaN;
let lastText = '';
const fmt = (ms: number): string => (ms === lastMs ? lastText : ((lastMs = ms), (lastText = formatInstant(ms))));
const t = (ms: number | null) => (ms === null ? null : fmt(ms));

export function buildRunOutput(sim: Simulation): RunOutput {
  const s = sim.scenario;
  const runs = [...sim.runsInOrder].sort((a, b) => a.run_after - b.run_after || a.id - b.id);
  const taskOrder = (dagId: string) => sim.dags.get(dagId)!.spec.tasks;
  return {
    windtunnel: 1,
    scenario: s.name,
    airflow: s.airflow,
    seed: s.seed,
    clock: { start: formatInstant(s.clock.start), end: formatInstant(s.clock.end) },
    dag_runs: runs.map((r) => ({
      dag_id: r.dag.spec.dag_id, run_id: r.run_id, run_type: r.run_type, triggered_by: r.triggered_by,
      logical_date: t(r.logical_date), data_interval_start: t(r.data_interval?.start ?? null), data_interval_end: t(r.data_interval?.end ?? null),
      run_after: formatInstant(r.run_after), queued_at: t(r.queued_at), start_date: t(r.start_date), end_date: t(r.end_date),
      state: r.state, conf: r.conf, backfill_id: r.backfill_id, clear_number: r.clear_number,
    })),
    task_instances: runs.flatMap((r) => taskOrder(r.dag.spec.dag_id).flatMap((_, i) => {
      const ti = r.tis[i];
      if (!ti) return [];
      return [{
        dag_id: r.dag.spec.dag_id, run_id: r.run_id, task_id: ti.task.task_id, map_index: -1, try_number: ti.try_number,
        state: ti.state, start_date: t(ti.start_date), end_date: t(ti.end_date), rendered: ti.rendered, error: ti.error,
      }];
    })),
    xcoms: allXComs(sim).map((x) => ({ dag_id: x.run.dag.spec.dag_id, run_id: x.run.run_id, task_id: x.task_id, map_index: -1, key: x.key, value: x.value })),
    asset_events: assetEvents(sim).map((e) => ({ asset: e.asset, timestamp: formatInstant(e.timestamp), source_dag_id: e.source_dag_id, source_run_id: e.source_run_id, source_task_id: e.source_task_id, extra: e.extra })),
    event_results: sim.eventResults,
    log: sim.log.map((l) => ({ at: fmt(l.at), kind: l.kind, dag_id: l.dag_id, run_id: l.run_id, task_id: l.task_id, why: l.why, ...(l.ref_run_id ? { ref_run_id: l.ref_run_id } : {}) })),
  };
}
