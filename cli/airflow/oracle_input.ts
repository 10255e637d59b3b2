// The oracle's input folder: the DAG files exactly as `export-dags` writes them, plus scenario.json,
// the parsed scenario with defaults applied in a form Python reads without Windtunnel's code
// (ISO UTC instants, seconds). Used by `windtunnel oracle-input` and by the oracle process wrapper.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { drawnTries } from './drawn_tries.js';
import { exportAirflowDags, rawScenarioDocument } from '../../core/index.js';
import { formatError, formatInstant, parseScenario, type Profile, type Scenario } from '../../core/index.js';

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
export function oracleInputFiles(text: string, name: string, profileOverride?: string, sql?: SqlJsStatic):
  { ok: true; files: Array<{ path: string; text: string }>; scenario: Scenario } | { ok: false; message: string } {
  // The profile is given to the parser so that its defaults (catchup_by_default,
  // create_cron_data_intervals, ...) are the profile's, exactly as `run --profile` resolves them.
  const parsed = parseScenario(text, name, profileOverride ? { profile: profileOverride as Profile } : {});
  if (!parsed.ok) return { ok: false, message: parsed.errors.map(formatError).join('\n') };
  const scenario: Scenario = parsed.scenario;
  const exported = exportAirflowDags(scenario, rawScenarioDocument(text));
  const files = [...exported.files];
  const json = resolvedScenarioJson(scenario) as Record<string, unknown>;
  // With sql.js at hand, the durations Windtunnel draws per try go along (the oracle sleeps them).
  if (sql) json.tries = drawnTries(scenario, sql);
  files.push({ path: 'scenario.json', text: `${JSON.stringify(json, null, 1)}\n` });
  return { ok: true, files, scenario };
}

/** Write the oracle input into `dir` (created if missing); returns the paths written. */
export function writeOracleInput(dir: string, files: Array<{ path: string; text: string }>): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map((f) => {
    const p = join(dir, f.path);
    writeFileSync(p, f.text);
    return p;
  });
}
