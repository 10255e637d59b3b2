// The terminal rendering of a run's output: an aligned table of dag runs, then the scenario's inputs
// with their outcome (refused requests included) and the asset events (CSV lives in core/export/csv.ts).
import type { RunOutput } from '../core/index.js';

const COLUMNS = ['dag_id', 'run_id', 'run_type', 'triggered_by', 'logical_date', 'data_interval_start', 'data_interval_end', 'run_after', 'start_date', 'end_date', 'state'] as const;

function aligned(columns: readonly string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export function dagRunsTable(out: RunOutput): string {
  return aligned(COLUMNS, out.dag_runs.map((r) => COLUMNS.map((c) => (r[c] === null ? '—' : String(r[c])))));
}

/** Every event of the scenario (requests, triggers, messages, ...) with its outcome: a refused
 * request (409, 422, Airflow 2's refusal) shows here, not only in the decision log. */
export function inputsTable(out: RunOutput): string {
  if (!out.event_results.length) return '';
  const rows = out.event_results.map((e) => [
    String(e.index), e.at, e.kind, e.status !== null ? String(e.status) : e.ok ? 'ok' : 'refused', e.run_id ?? '—', e.error ?? '',
  ]);
  return `\ninputs (${rows.length}, ${out.event_results.filter((e) => !e.ok).length} refused)\n` + aligned(['#', 'at', 'kind', 'outcome', 'run_id', 'error'], rows);
}

export function assetEventsTable(out: RunOutput): string {
  if (!out.asset_events.length) return '';
  const rows = out.asset_events.map((a) => [a.timestamp, a.asset, a.source_run_id ? `${a.source_dag_id}.${a.source_task_id} in ${a.source_run_id}` : 'external', JSON.stringify(a.extra)]);
  return `\nasset events (${rows.length})\n` + aligned(['timestamp', 'asset', 'source', 'extra'], rows);
}
