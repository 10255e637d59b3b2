// `windtunnel oracle-input FILE --out DIR`: what the real-Airflow oracle (oracle/, Python) replays:
// the DAG files exactly as `export-dags` writes them, plus scenario.json, the parsed scenario with
// defaults applied in a form Python reads without Windtunnel's code (ISO UTC instants, seconds).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { exportAirflowDags, rawScenarioDocument } from '../../core/export/airflow_dags/index.js';
import { formatError, formatInstant, parseScenario, type Profile, type Scenario } from '../../core/index.js';
import { CliError, readScenarioText } from '../load.js';

/** Keys whose numeric values are instants (epoch ms) in the parsed model. */
const INSTANT_KEYS = new Set(['start', 'end', 'at', 'start_date', 'end_date', 'from_date', 'to_date', 'logical_date']);

/**
 * The model as plain JSON for Python: instants as ISO UTC text, `*_ms` durations as `*_s` seconds,
 * `Duration` objects ({months, ms, iso}) as {months, seconds, iso}. Arrays of numbers under `events`
 * (an events timetable) are instants too.
 */
export function resolvedScenarioJson(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    if (key === 'events' && value.every((v) => typeof v === 'number')) return value.map((v) => formatInstant(v as number));
    return value.map((v) => resolvedScenarioJson(v));
  }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && INSTANT_KEYS.has(key)) return formatInstant(value);
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'ms' || k.endsWith('_ms')) {
      const name = k === 'ms' ? 'seconds' : `${k.slice(0, -3)}_s`;
      out[name] = typeof v === 'number' ? v / 1000 : v;
    } else {
      out[k] = resolvedScenarioJson(v, k);
    }
  }
  return out;
}

/** The files the oracle reads: DAG files (export-dags) and scenario.json. */
export function oracleInputFiles(text: string, name: string, profileOverride?: string):
  { ok: true; files: Array<{ path: string; text: string }>; scenario: Scenario } | { ok: false; message: string } {
  const parsed = parseScenario(text, name);
  if (!parsed.ok) return { ok: false, message: parsed.errors.map(formatError).join('\n') };
  const scenario: Scenario = profileOverride ? { ...parsed.scenario, airflow: profileOverride as Profile } : parsed.scenario;
  const exported = exportAirflowDags(scenario, rawScenarioDocument(text));
  const files = [...exported.files];
  files.push({ path: 'scenario.json', text: `${JSON.stringify(resolvedScenarioJson(scenario), null, 1)}\n` });
  return { ok: true, files, scenario };
}

export function register(program: Command): void {
  program
    .command('oracle-input')
    .description('write the DAG files and the resolved scenario.json that the real-Airflow oracle replays')
    .argument('[file]', 'scenario file (YAML or JSON)')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .option('--lesson <name>', 'use a built-in lesson instead of a file')
    .option('--profile <profile>', "override the scenario's airflow profile")
    .action((file: string | undefined, opts: { out: string; lesson?: string; profile?: string }) => {
      const { text, name } = readScenarioText(file, opts.lesson);
      const result = oracleInputFiles(text, name, opts.profile);
      if (!result.ok) throw new CliError(result.message, 1);
      try {
        mkdirSync(opts.out, { recursive: true });
        for (const f of result.files) writeFileSync(join(opts.out, f.path), f.text);
      } catch (err) {
        throw new CliError(`${opts.out}: cannot write: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
      }
      for (const f of result.files) process.stdout.write(`${join(opts.out, f.path)}\n`);
    });
}
