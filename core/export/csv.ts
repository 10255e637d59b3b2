// CSV exports of a run: one file of dag runs, one of task instances. Columns are the RunOutput
// field names verbatim (Airflow's nouns), in the output's own order, so a spreadsheet and the JSON
// say the same thing. RFC 4180 quoting; LF line endings; null is an empty field; objects are JSON.
import type { DagRunOut, RunOutput, TaskInstanceOut } from '../model/output.js';

export const DAG_RUN_COLUMNS = [
  'dag_id', 'run_id', 'run_type', 'triggered_by', 'logical_date', 'data_interval_start',
  'data_interval_end', 'run_after', 'queued_at', 'start_date', 'end_date', 'state', 'conf',
  'backfill_id', 'clear_number',
] as const satisfies ReadonlyArray<keyof DagRunOut>;

export const TASK_INSTANCE_COLUMNS = [
  'dag_id', 'run_id', 'task_id', 'map_index', 'try_number', 'state', 'start_date', 'end_date',
  'error', 'rendered',
] as const satisfies ReadonlyArray<keyof TaskInstanceOut>;

/** One CSV field: quoted when it holds a comma, a quote, CR or LF, or starts/ends with a space. */
export function csvField(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = stableJson(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** JSON with object keys in sorted order, so a conf written in any key order exports the same. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // Code-point order (not localeCompare): the same bytes on every machine.
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function toCsv<T>(columns: ReadonlyArray<keyof T & string>, rows: readonly T[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return lines.join('\n') + '\n';
}

export function dagRunsCsv(output: RunOutput): string {
  return toCsv<DagRunOut>(DAG_RUN_COLUMNS, output.dag_runs);
}

export function taskInstancesCsv(output: RunOutput): string {
  return toCsv<TaskInstanceOut>(TASK_INSTANCE_COLUMNS, output.task_instances);
}
