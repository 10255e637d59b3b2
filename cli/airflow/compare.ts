// The actual history and a what-if side by side in the terminal: each run list as a table, then
// what changed (runs only in one of them, runs whose state or times differ) and a count per state.
import type { DagRunOut, RunOutput } from '../../core/index.js';

const COLUMNS = ['dag_id', 'run_id', 'run_type', 'logical_date', 'run_after', 'start_date', 'end_date', 'state'] as const;

export function runTable(runs: readonly DagRunOut[]): string {
  const rows = runs.map((r) => COLUMNS.map((c) => (r[c] === null ? '—' : String(r[c]))));
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

function counts(runs: readonly DagRunOut[]): string {
  const by = new Map<string, number>();
  for (const r of runs) by.set(r.state, (by.get(r.state) ?? 0) + 1);
  return [...by].map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
}

export function sideBySide(actual: RunOutput, whatIf: RunOutput, labels = { actual: 'actual (imported from Airflow)', whatIf: 'what-if (re-simulated)' }): string {
  const key = (r: DagRunOut) => `${r.dag_id} ${r.run_id}`;
  const a = new Map(actual.dag_runs.map((r) => [key(r), r] as const));
  const w = new Map(whatIf.dag_runs.map((r) => [key(r), r] as const));
  const out: string[] = [];
  out.push(`== ${labels.actual}: ${actual.dag_runs.length} run(s): ${counts(actual.dag_runs)}`);
  out.push(runTable(actual.dag_runs));
  out.push(`== ${labels.whatIf}: ${whatIf.dag_runs.length} run(s): ${counts(whatIf.dag_runs)}`);
  out.push(runTable(whatIf.dag_runs));
  const onlyA = actual.dag_runs.filter((r) => !w.has(key(r)));
  const onlyW = whatIf.dag_runs.filter((r) => !a.has(key(r)));
  const changed = whatIf.dag_runs.filter((r) => {
    const x = a.get(key(r));
    return x && (x.state !== r.state || x.start_date !== r.start_date || x.end_date !== r.end_date);
  });
  out.push('== differences');
  if (onlyA.length === 0 && onlyW.length === 0 && changed.length === 0) out.push('none: the what-if makes the same runs at the same times');
  for (const r of onlyA) out.push(`- only in actual:  ${key(r)} (${r.state})`);
  for (const r of onlyW) out.push(`+ only in what-if: ${key(r)} (${r.state}, run_after ${r.run_after})`);
  for (const r of changed) {
    const x = a.get(key(r))!;
    out.push(`~ changed:         ${key(r)}: ${x.state} ${x.start_date ?? '—'}→${x.end_date ?? '—'}  vs  ${r.state} ${r.start_date ?? '—'}→${r.end_date ?? '—'}`);
  }
  return out.join('\n') + '\n';
}
