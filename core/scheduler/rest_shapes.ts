// Response bodies of the REST API v2 as Airflow 3 serialises them (DAGRunResponse,
// TaskInstanceResponse, BackfillResponse, DAGResponse), built from the simulation's records.
import type { DagRecord, RunRecord, TaskInstanceRecord } from './records.js';
import type { BackfillRecord, Simulation } from './simulation.js';
import type { BackfillRequest } from './backfill.js';
import { formatInstant } from '../time/instant.js';

const t = (ms: number | null) => (ms === null ? null : formatInstant(ms));

export function dagRunResponse(sim: Simulation, run: RunRecord, note: string | null) {
  return {
    dag_run_id: run.run_id,
    dag_id: run.dag.spec.dag_id,
    logical_date: t(run.logical_date),
    queued_at: t(run.queued_at),
    start_date: t(run.start_date),
    end_date: t(run.end_date),
    duration: run.start_date !== null && run.end_date !== null ? (run.end_date - run.start_date) / 1000 : null,
    data_interval_start: t(run.data_interval?.start ?? null),
    data_interval_end: t(run.data_interval?.end ?? null),
    run_after: t(run.run_after),
    last_scheduling_decision: t(run.last_scheduling_decision),
    run_type: run.run_type,
    state: run.state,
    triggered_by: run.triggered_by,
    triggering_user_name: null,
    conf: run.conf,
    note,
    dag_versions: [],
    bundle_version: null,
    dag_display_name: run.dag.spec.dag_id,
    ...(sim.profile === '2' ? { execution_date: t(run.logical_date) } : {}),
  };
}

export function taskInstanceResponse(_sim: Simulation, ti: TaskInstanceRecord) {
  return {
    id: String(ti.dbId),
    task_id: ti.task.task_id,
    dag_id: ti.run.dag.spec.dag_id,
    dag_run_id: ti.run.run_id,
    map_index: -1,
    logical_date: t(ti.run.logical_date),
    run_after: t(ti.run.run_after),
    start_date: t(ti.start_date),
    end_date: t(ti.end_date),
    duration: ti.start_date !== null && ti.end_date !== null ? (ti.end_date - ti.start_date) / 1000 : null,
    state: ti.state,
    try_number: ti.try_number,
    max_tries: ti.max_tries,
    task_display_name: ti.task.task_id,
    pool: ti.task.pool,
    pool_slots: ti.task.pool_slots,
    priority_weight: ti.run.dag.priority[ti.index],
    operator: ti.task.operator === 'empty' ? 'EmptyOperator' : ti.task.operator === 'trigger_dagrun' ? 'TriggerDagRunOperator' : 'PythonOperator',
    rendered_fields: ti.rendered,
  };
}

export function backfillResponse(_sim: Simulation, bf: BackfillRecord, req: BackfillRequest) {
  return {
    id: bf.id,
    dag_id: bf.dag.spec.dag_id,
    from_date: formatInstant(req.from_date),
    to_date: formatInstant(req.to_date),
    dag_run_conf: req.dag_run_conf,
    is_paused: bf.is_paused,
    reprocess_behavior: req.reprocess_behavior,
    max_active_runs: bf.max_active_runs,
    created_at: t(_sim.now),
    completed_at: t(bf.completed_at),
    updated_at: t(_sim.now),
    dag_display_name: bf.dag.spec.dag_id,
  };
}

export function dagResponse(_sim: Simulation, dag: DagRecord) {
  return {
    dag_id: dag.spec.dag_id,
    dag_display_name: dag.spec.dag_id,
    is_paused: dag.paused,
    is_stale: false,
    timetable_summary: dag.timetable.summary,
    timetable_description: dag.timetable.kind,
    max_active_tasks: dag.spec.max_active_tasks,
    max_active_runs: dag.spec.max_active_runs,
    max_consecutive_failed_dag_runs: dag.spec.max_consecutive_failed_dag_runs,
    timezone: dag.spec.timezone,
    catchup: dag.spec.catchup,
  };
}
