// The terminal rendering of a run's output: an aligned table of dag runs (CSV lives in core/export/csv.ts).
import type { RunOutput } from '../core/index.js';

const COLUMNS = ['dag_id', 'run_id', 'run_type', 'triggered_by', 'logical_date', 'data_interval_start', 'data_interval_end', 'run_after', 'start_date', 'end_date', 'state'] as const;

export function dagRunsTable(out: RunOutput): string {
  const rows = out.dag_runs.map((r) => COLUMNS.map((c) => (r[c] === null ? '—' : String(r[c]))));
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
