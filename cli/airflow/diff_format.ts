// A differential report for people: one line per difference (table, key, field, both values), rows on
// one side only said so, declared ones after with their rule id, and a count line at the end.
import { WHOLE_ROW, type Difference } from './diff_align.js';
import type { DiffReport } from './diff_run.js';

const MAX_VALUE = 120;

function value(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

export function differenceLine(d: Difference): string {
  if (d.field === WHOLE_ROW) {
    return d.airflow === null
      ? `${d.kind} ${d.key}: only in Windtunnel ${value(d.windtunnel)}`
      : `${d.kind} ${d.key}: only in Airflow ${value(d.airflow)}`;
  }
  return `${d.kind} ${d.key} ${d.field}: windtunnel ${value(d.windtunnel)}  airflow ${value(d.airflow)}`;
}

export function diffTable(report: DiffReport): string {
  const out: string[] = [];
  out.push(`Windtunnel (profile ${report.profile}) against Airflow ${report.airflow_version}: ${report.runs_compared} run(s), ${report.task_instances_compared} task instance(s) compared`);
  if (report.differences.length === 0) out.push('no undeclared differences');
  else {
    out.push(`${report.differences.length} undeclared difference(s):`);
    for (const d of report.differences) out.push(`  ${differenceLine(d)}`);
  }
  if (report.declared.length > 0) {
    out.push(`${report.declared.length} declared difference(s) (oracle/declared.yaml, docs/fidelity.md):`);
    for (const d of report.declared) out.push(`  [${d.rule}] ${differenceLine(d)}`);
  }
  return `${out.join('\n')}\n`;
}

/** `--format json`: exactly the documented keys, in order. */
export function diffJson(report: DiffReport): string {
  const { profile, airflow_version, runs_compared, task_instances_compared, differences, declared } = report;
  return `${JSON.stringify({ profile, airflow_version, runs_compared, task_instances_compared, differences, declared }, null, 2)}\n`;
}
