// Stats as text: a table of the headline figures (plus the slowest DAGs), the bucketed series as
// CSV (one row per bucket, for a spreadsheet), and a what-if's figures side by side.
import type { Stats } from './types.js';
import { summarize, type Figure } from './summary.js';
import { csvField } from '../export/csv.js';

const show = (f: Figure | undefined) => (f === undefined || f.value === null ? '—' : `${f.value}${f.unit}`);

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ').trimEnd();
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n') + '\n';
}

/** How many of the DAGs with the longest p90 delays the table lists. */
export const SLOWEST_DAGS = 10;

export function statsTable(s: Stats): string {
  const figures = summarize(s).map((f) => [f.scope, f.name, show(f)]);
  let out = `${s.scenario}: ${s.clock.start} … ${s.clock.end}, buckets of ${s.bucket}\n\n` + table(['scope', 'figure', 'value'], figures);
  const slow = [...s.dags].filter((d) => d.run_delay.count || d.task_delay.count)
    .sort((a, b) => (b.run_delay.p90 ?? 0) + (b.task_delay.p90 ?? 0) - (a.run_delay.p90 ?? 0) - (a.task_delay.p90 ?? 0) || (a.dag_id < b.dag_id ? -1 : 1))
    .slice(0, SLOWEST_DAGS);
  if (slow.length) {
    const d = (x: number | null) => (x === null ? '—' : `${x}s`);
    out += `\nDAGs by delay (p90 run + task, the ${slow.length} longest of ${s.dags.length})\n` + table(
      ['dag_id', 'runs', 'run p50', 'run p90', 'run max', 'task p50', 'task p90', 'task max'],
      slow.map((x) => [x.dag_id, String(x.runs), d(x.run_delay.p50), d(x.run_delay.p90), d(x.run_delay.max), d(x.task_delay.p50), d(x.task_delay.p90), d(x.task_delay.max)]),
    );
  }
  for (const n of s.notes) out += `note: ${n}\n`;
  return out;
}

/** One row per bucket: the totals, then each pool's columns. */
export function statsCsv(s: Stats): string {
  const cols = ['time', 'task_slots', 'running_tis_mean', 'running_tis_max', 'queued_tis_mean', 'queued_tis_max', 'queued_runs_mean', 'queued_runs_max',
    'running_runs_mean', 'running_runs_max', 'task_delay_p50_s', 'task_delay_p90_s', 'task_delay_max_s', 'run_delay_p50_s', 'run_delay_p90_s', 'run_delay_max_s'];
  for (const p of s.pools) cols.push(`${p.pool}_slots`, `${p.pool}_used_mean`, `${p.pool}_used_max`, `${p.pool}_queued_tis_mean`, `${p.pool}_queued_tis_max`);
  const t = s.total;
  const rows = s.times.map((time, i) => {
    const r: unknown[] = [time, t.slots, t.used.mean[i], t.used.max[i], t.queued_tis.mean[i], t.queued_tis.max[i], t.queued_runs.mean[i], t.queued_runs.max[i],
      t.running_runs.mean[i], t.running_runs.max[i], t.task_delay_series.p50[i], t.task_delay_series.p90[i], t.task_delay_series.max[i],
      t.run_delay_series.p50[i], t.run_delay_series.p90[i], t.run_delay_series.max[i]];
    for (const p of s.pools) r.push(p.slots, p.used.mean[i], p.used.max[i], p.queued_tis.mean[i], p.queued_tis.max[i]);
    return r.map((v) => (v === null ? '' : csvField(v))).join(',');
  });
  return [cols.map(csvField).join(','), ...rows].join('\n') + '\n';
}

export interface WhatIfStats { changes: string[]; before: Stats; after: Stats; notes: string[] }

/** The figures of both sides, row by row, with the change (after − before). */
export function whatIfRows(w: WhatIfStats): Array<{ scope: string; figure: string; before: Figure | undefined; after: Figure | undefined; change: string }> {
  const before = summarize(w.before), after = summarize(w.after);
  const key = (f: Figure) => `${f.scope}\u0000${f.name}\u0000${f.unit}`;
  const a = new Map(after.map((f) => [key(f), f]));
  const seen = new Set<string>();
  const rows = [];
  for (const f of [...before, ...after]) {
    const k = key(f);
    if (seen.has(k)) continue;
    seen.add(k);
    const b = before.find((x) => key(x) === k), x = a.get(k);
    const change = b?.value != null && x?.value != null ? signed(Math.round((x.value - b.value) * 100) / 100, f.unit) : '';
    rows.push({ scope: f.scope, figure: f.name, before: b, after: x, change });
  }
  return rows;
}

const signed = (d: number, unit: string) => (d === 0 ? '0' : `${d > 0 ? '+' : ''}${d}${unit}`);

export function whatIfTable(w: WhatIfStats): string {
  const head = `what-if: ${w.changes.join(', ')}\n${w.before.scenario}: ${w.before.clock.start} … ${w.before.clock.end}\n\n`;
  const body = table(['scope', 'figure', 'before', 'after', 'change'], whatIfRows(w).map((r) => [r.scope, r.figure, show(r.before), show(r.after), r.change]));
  const notes = [...w.notes, ...w.before.notes.map((n) => `before: ${n}`), ...w.after.notes.map((n) => `after: ${n}`)];
  return head + body + notes.map((n) => `note: ${n}\n`).join('');
}

export function whatIfCsv(w: WhatIfStats): string {
  const rows = whatIfRows(w).map((r) => [r.scope, r.figure, r.before?.unit || r.after?.unit || '', r.before?.value ?? '', r.after?.value ?? '', r.change]);
  return [['scope', 'figure', 'unit', 'before', 'after', 'change'], ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}
