// Test helper: parse scenario YAML and simulate it with the real sql.js, failing loudly on
// parse errors so a test never silently runs a different scenario than it shows.
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { formatError, parseScenario, simulate, type RunOutput, type SimulationResult } from '../../core/index.js';

let sql: SqlJsStatic | null = null;
export async function sqlJs(): Promise<SqlJsStatic> {
  return (sql ??= await initSqlJs());
}

export async function runYaml(yaml: string, opts: { until?: number } = {}): Promise<SimulationResult> {
  const parsed = parseScenario(yaml, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map(formatError).join('\n'));
  return simulate(parsed.scenario, { sql: await sqlJs(), until: opts.until });
}

export async function output(yaml: string): Promise<RunOutput> {
  const r = await runYaml(yaml);
  const out = r.output;
  r.close();
  return out;
}

/** Compact view of runs for assertions: run_id, logical_date, run_after, state. */
export function runsOf(out: RunOutput, dagId?: string) {
  return out.dag_runs.filter((r) => !dagId || r.dag_id === dagId).map((r) => ({ run_id: r.run_id, logical_date: r.logical_date, run_after: r.run_after, state: r.state }));
}

export function tiOf(out: RunOutput, runId: string, taskId: string) {
  const ti = out.task_instances.find((t) => t.run_id === runId && t.task_id === taskId);
  if (!ti) throw new Error(`no task instance ${taskId} in ${runId}`);
  return ti;
}
