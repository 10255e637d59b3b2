// Small builders for renderer tests: a dag run with Airflow's fields and sensible defaults.
import type { DagRunOut, LogEntryOut, RunOutput } from '../../core/model/output.js';

export function run(p: Partial<DagRunOut> & { run_after: string }): DagRunOut {
  return {
    dag_id: 'd', run_id: `r_${p.run_after}`, run_type: 'scheduled', triggered_by: 'timetable',
    logical_date: null, data_interval_start: null, data_interval_end: null, queued_at: p.run_after,
    start_date: null, end_date: null, state: 'success', conf: {}, backfill_id: null, clear_number: 0,
    ...p,
  };
}

export function output(runs: DagRunOut[], log: LogEntryOut[] = [], clock = { start: '2025-01-01T00:00:00Z', end: '2025-01-08T00:00:00Z' }): RunOutput {
  return { windtunnel: 1, scenario: 'test', airflow: '3.1', seed: 0, clock, dag_runs: runs, task_instances: [], xcoms: [], asset_events: [], event_results: [], log };
}

export const T = (iso: string): number => Date.parse(iso);
