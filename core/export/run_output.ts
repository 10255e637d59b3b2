// The `run --format json` document (scenario-format.md): arrays in a stable order, instants as
// UTC ISO strings, so the same scenario and seed always give the same bytes. Its lists are made
// element by element from the simulation's records (runOutputStream), so `run --format json` can
// stream a 10-year output without holding it; buildRunOutput makes the whole object.
import type { DagRunOut, LazyList, LogEntryOut, RunOutput, RunOutputStream, TaskInstanceOut } from '../model/output.js';
import { formatInstant } from '../time/instant.js';
import type { Simulation } from '../scheduler/simulation.js';
import type { RunRecord, TaskInstanceRecord } from '../scheduler/state/records.js';
import type { DecisionLog } from '../scheduler/state/decision_log.js';
import { allXComs } from '../scheduler/xcom.js';
import { hasMappedExtras, tisInTaskOrder } from '../scheduler/mapped.js';
import { assetEvents } from '../scheduler/assets.js';

// Many records share an instant (a step writes several log lines): format each instant once.
let lastMs = NaN;
let lastText = '';
const fmt = (ms: number): string => (ms === lastMs ? lastText : ((lastMs = ms), (lastText = formatInstant(ms))));
const t = (ms: number | null) => (ms === null ? null : fmt(ms));

const list = <T>(length: number, items: () => Iterator<T>): LazyList<T> => ({ length, [Symbol.iterator]: items });

export function runOutputStream(sim: Simulation): RunOutputStream {
  const s = sim.scenario;
  const runs = [...sim.runsInOrder].sort((a, b) => a.run_after - b.run_after || a.id - b.id);
  let tis = 0;
  for (const r of runs) {
    if (hasMappedExtras(r)) tis += tisInTaskOrder(r).length;
    else for (let i = 0; i < r.dag.spec.tasks.length; i++) if (r.tis[i]) tis++;
  }
  const log = sim.log;
  return {
    windtunnel: 1,
    scenario: s.name,
    airflow: s.airflow,
    seed: s.seed,
    clock: { start: formatInstant(s.clock.start), end: formatInstant(s.clock.end) },
    dag_runs: list(runs.length, function* () { for (const r of runs) yield dagRunOut(r); }),
    task_instances: list(tis, function* () {
      // Each run's task instances in the DAG's task order, a mapped task's by map index; a task outside its dates has none.
      for (const r of runs) {
        if (hasMappedExtras(r)) { for (const ti of tisInTaskOrder(r)) yield taskInstanceOut(r, ti); continue; }
        for (let i = 0; i < r.dag.spec.tasks.length; i++) if (r.tis[i]) yield taskInstanceOut(r, r.tis[i]);
      }
    }),
    xcoms: allXComs(sim).map((x) => ({ dag_id: x.run.dag.spec.dag_id, run_id: x.run.run_id, task_id: x.task_id, map_index: x.map_index, key: x.key, value: x.value })),
    asset_events: assetEvents(sim).map((e) => ({ asset: e.asset, timestamp: formatInstant(e.timestamp), source_dag_id: e.source_dag_id, source_run_id: e.source_run_id, source_task_id: e.source_task_id, extra: e.extra })),
    event_results: sim.eventResults,
    log: list(log.length, function* () { for (let i = 0; i < log.length; i++) yield logEntryOut(log, i); }),
  };
}

export function buildRunOutput(sim: Simulation): RunOutput {
  return materialize(runOutputStream(sim));
}

/** The whole output as one object (what the app and the exports read). */
export function materialize(s: RunOutputStream): RunOutput {
  return {
    windtunnel: s.windtunnel, scenario: s.scenario, airflow: s.airflow, seed: s.seed, clock: s.clock,
    dag_runs: Array.from(s.dag_runs), task_instances: Array.from(s.task_instances), xcoms: Array.from(s.xcoms),
    asset_events: Array.from(s.asset_events), event_results: Array.isArray(s.event_results) ? s.event_results : Array.from(s.event_results),
    log: Array.from(s.log),
  };
}

export function dagRunOut(r: RunRecord): DagRunOut {
  return {
    dag_id: r.dag.spec.dag_id, run_id: r.run_id, run_type: r.run_type, triggered_by: r.triggered_by,
    logical_date: t(r.logical_date), data_interval_start: t(r.data_interval?.start ?? null), data_interval_end: t(r.data_interval?.end ?? null),
    run_after: formatInstant(r.run_after), queued_at: t(r.queued_at), start_date: t(r.start_date), end_date: t(r.end_date),
    state: r.state, conf: r.conf, backfill_id: r.backfill_id, clear_number: r.clear_number,
  };
}

export function taskInstanceOut(r: RunRecord, ti: TaskInstanceRecord): TaskInstanceOut {
  return {
    dag_id: r.dag.spec.dag_id, run_id: r.run_id, task_id: ti.task.task_id, map_index: ti.map_index, try_number: ti.try_number,
    state: ti.state, start_date: t(ti.start_date), end_date: t(ti.end_date), rendered: ti.rendered, error: ti.error,
  };
}

export function logEntryOut(log: DecisionLog, i: number): LogEntryOut {
  const l = log.entry(i);
  const out: LogEntryOut = { at: fmt(l.at), kind: l.kind, dag_id: l.dag_id, run_id: l.run_id, task_id: l.task_id, why: l.why };
  if (l.ref_run_id) out.ref_run_id = l.ref_run_id;
  return out;
}
