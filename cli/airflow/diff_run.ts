// One differential: the same scenario file through Windtunnel and through the oracle (real Airflow,
// cli/airflow/oracle_process.ts), aligned and split into undeclared and declared differences.
// Shared by `windtunnel diff`, test/oracle/ and scripts/oracle-swarm.mjs.
import { readFileSync } from 'node:fs';
import type { SqlJsStatic } from 'sql.js';
import { parseDocument } from 'yaml';
import { formatError, parseScenario, simulate } from '../../core/index.js';
import { alignOutputs, type ComparableOutput, type Difference } from './diff_align.js';
import { applyDeclared, type DeclaredDifference, type DeclaredRule } from './diff_declared.js';

/** What the differential needs of an oracle process (openOracle's handle). */
export interface OracleReplayer {
  replay(scenarioFile: string, opts?: { profileOverride?: string }): Promise<{ airflowVersion: string; output: unknown }>;
}

/** `windtunnel diff --format json`, exactly these keys. */
export interface DiffReport {
  profile: string;
  airflow_version: string;
  runs_compared: number;
  task_instances_compared: number;
  differences: Difference[];
  declared: DeclaredDifference[];
}

export class ScenarioInputError extends Error {}

/** The scenario text with its `airflow:` profile replaced (comments and layout kept). */
export function withProfile(text: string, profile: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text; // the parser reports it, located
  doc.set('airflow', profile);
  return doc.toString();
}

/** The profile a scenario text names (or the default the parser gives it). */
export function scenarioProfile(text: string, name: string): string {
  const parsed = parseScenario(text, name);
  if (!parsed.ok) throw new ScenarioInputError(parsed.errors.map(formatError).join('\n'));
  return parsed.scenario.airflow;
}

/** Windtunnel's `run --format json` output for the text, without the decision log. */
export function windtunnelOutput(text: string, name: string, sql: SqlJsStatic): ComparableOutput {
  const parsed = parseScenario(text, name);
  if (!parsed.ok) throw new ScenarioInputError(parsed.errors.map(formatError).join('\n'));
  const result = simulate(parsed.scenario, { sql });
  try {
    const o = result.output;
    return { dag_runs: o.dag_runs as never, task_instances: o.task_instances as never, xcoms: o.xcoms as never, asset_events: o.asset_events as never, event_results: o.event_results as never };
  } finally {
    result.close();
  }
}

/** Checks the oracle's answer has the lists the differential aligns; a clear error otherwise. */
export function oracleOutput(raw: unknown): ComparableOutput {
  const o = raw as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') throw new Error('the oracle answered something that is not a JSON object');
  for (const k of ['dag_runs', 'task_instances']) if (!Array.isArray(o[k])) throw new Error(`the oracle's output has no '${k}' list`);
  for (const k of ['xcoms', 'asset_events', 'event_results']) if (o[k] !== undefined && !Array.isArray(o[k])) throw new Error(`the oracle's output '${k}' is not a list`);
  return o as unknown as ComparableOutput;
}

export interface DiffOptions {
  oracle: OracleReplayer;
  rules: readonly DeclaredRule[];
  sql: SqlJsStatic;
  /** Run both sides under this profile instead of the scenario's own. */
  profile?: string;
  /** The scenario's text when the caller already has it (else the file is read). */
  text?: string;
  /** The name errors are located in (default: the file). */
  name?: string;
}

export async function diffScenarioFile(file: string, opts: DiffOptions): Promise<DiffReport> {
  let text = opts.text ?? readFileSync(file, 'utf8');
  if (opts.profile !== undefined) text = withProfile(text, opts.profile);
  const name = opts.name ?? file;
  const profile = scenarioProfile(text, name);
  const wt = windtunnelOutput(text, name, opts.sql);
  const answer = await opts.oracle.replay(file, opts.profile !== undefined ? { profileOverride: opts.profile } : {});
  const af = oracleOutput(answer.output);
  const aligned = alignOutputs(wt, af);
  const { undeclared, declared } = applyDeclared(aligned.differences, opts.rules, profile);
  return {
    profile,
    airflow_version: answer.airflowVersion,
    runs_compared: aligned.runsCompared,
    task_instances_compared: aligned.taskInstancesCompared,
    differences: undeclared,
    declared,
  };
}
