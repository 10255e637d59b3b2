// The diffable text trace of a simulation: one line per decision, fixed columns
// (instant, kind, dag, run, task, why). Golden files and the CLI's --format trace use it.
import type { RunOutput } from '../model/output.js';

export const TRACE_LEGEND = '# at | kind | dag_id | run_id | task_id | why (→ run it consulted)';

export function traceText(out: RunOutput): string {
  const lines = out.log.map((l) =>
    [l.at, l.kind.padEnd(16), l.dag_id ?? '-', l.run_id ?? '-', l.task_id ?? '-', l.why + (l.ref_run_id ? ` → ${l.ref_run_id}` : '')].join(' | '));
  return [`# ${out.scenario} (airflow ${out.airflow}, seed ${out.seed})`, TRACE_LEGEND, ...lines].join('\n') + '\n';
}
