// Airflow 3's template context (task_runner.py: get_template_context), built from plain inputs.
// Keys that need a logical date are absent when it is NULL: that absence is what makes
// `{{ ds }}` fail with UndefinedError in a run without a logical date (semantics §7).
import type { Profile } from '../model/scenario.js';
import { PyDateTime, strftime, strptime } from './py_datetime.js';
import { atLeast } from '../model/profile_order.js';

export interface ContextInput {
  profile: Profile;
  dag_id: string;
  task_id: string;
  run_id: string;
  map_index: number;
  try_number: number;
  logical_date: number | null;
  data_interval: { start: number; end: number } | null;
  run_after: number;
  run_type: string;
  start_date: number | null;
  conf: Record<string, unknown>;
  params: Record<string, unknown>;
  /** ti.xcom_pull(...) with Airflow's arguments (kwargs object last, nunjucks style). */
  xcom_pull: (args: unknown[]) => unknown;
  triggering_asset_events: Record<string, unknown[]>;
  prev_success: { start_date: number | null; end_date: number | null; data_interval: { start: number; end: number } | null } | null;
  /** dag_run.partition_key (3.2+). */
  partition_key?: string | null;
}

const dt = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new PyDateTime(ms));

export const macros = {
  ds_add(ds: string, days: number): string {
    const d = strptime(String(ds), '%Y-%m-%d');
    return strftime(new PyDateTime(d.ms + Number(days) * 86400000), '%Y-%m-%d');
  },
  ds_format(ds: string, input_format: string, output_format: string): string {
    return strftime(strptime(String(ds), input_format), output_format);
  },
  datetime_diff_for_humans(): string {
    return 'a moment ago';
  },
};

/** Merge conf over params, as Airflow does by default (dag_run_conf_overrides_params). */
export function mergeParams(params: Record<string, unknown>, conf: Record<string, unknown>): Record<string, unknown> {
  return { ...params, ...conf };
}

export function buildContext(input: ContextInput): Record<string, unknown> {
  const ld = input.logical_date;
  const dagRun = {
    dag_id: input.dag_id,
    run_id: input.run_id,
    run_type: input.run_type,
    conf: input.conf,
    logical_date: dt(ld),
    run_after: dt(input.run_after),
    data_interval_start: dt(input.data_interval?.start),
    data_interval_end: dt(input.data_interval?.end),
    start_date: dt(input.start_date),
    __py_str__: () => `<DagRun ${input.dag_id} @ ${ld === null ? 'None' : new PyDateTime(ld).__py_str__()}: ${input.run_id}, state:running>`,
  };
  const ti = {
    dag_id: input.dag_id,
    task_id: input.task_id,
    run_id: input.run_id,
    map_index: input.map_index,
    try_number: input.try_number,
    xcom_pull: (...args: unknown[]) => input.xcom_pull(args),
    __py_str__: () => `<TaskInstance: ${input.dag_id}.${input.task_id} ${input.run_id} [running]>`,
  };
  const ctx: Record<string, unknown> = {
    dag: { dag_id: input.dag_id },
    task: { task_id: input.task_id },
    task_instance: ti,
    ti,
    run_id: input.run_id,
    dag_run: dagRun,
    params: input.params,
    macros,
    var: { value: {}, json: {} },
    conn: {},
    inlets: [],
    outlets: [],
    inlet_events: {},
    outlet_events: {},
    map_index_template: null,
    triggering_asset_events: input.triggering_asset_events,
    task_reschedule_count: 0,
    task_instance_key_str: `${input.dag_id}__${input.task_id}__${input.run_id}`,
    prev_start_date_success: dt(input.prev_success?.start_date),
    prev_end_date_success: dt(input.prev_success?.end_date),
  };
  // 3.3 put the run's partition into every context (A3.3/sdk/execution_time/task_runner.py:348-349).
  if (atLeast(input.profile, '3.3')) Object.assign(ctx, { partition_key: input.partition_key ?? null, partition_date: null });
  if (ld !== null) {
    const d = new PyDateTime(ld);
    const dsNodash = strftime(d, '%Y%m%d');
    Object.assign(ctx, {
      logical_date: d,
      ds: strftime(d, '%Y-%m-%d'),
      ds_nodash: dsNodash,
      ts: d.isoformat(),
      ts_nodash: strftime(d, '%Y%m%dT%H%M%S'),
      ts_nodash_with_tz: strftime(d, '%Y%m%dT%H%M%S') + '+0000',
      data_interval_start: dt(input.data_interval?.start ?? ld),
      data_interval_end: dt(input.data_interval?.end ?? ld),
      prev_data_interval_start_success: dt(input.prev_success?.data_interval?.start),
      prev_data_interval_end_success: dt(input.prev_success?.data_interval?.end),
      task_instance_key_str: `${input.dag_id}__${input.task_id}__${dsNodash}`,
    });
    if (input.profile === '2') {
      // Airflow 2 still had execution_date and its friends in the context.
      Object.assign(ctx, { execution_date: d, conf: {} });
    }
  }
  return ctx;
}
