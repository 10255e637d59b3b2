// Reading a scenario for a CLI command: the file (or a built-in lesson), its parse errors printed
// as FILE:LINE:COL key.path: message (exit 1), and the sql.js engine the simulation needs.
import { readFileSync } from 'node:fs';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { formatError, getLesson, parseScenario, type Profile, type Scenario } from '../core/index.js';
import { PROFILES } from '../core/index.js';

export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

let sqlPromise: Promise<SqlJsStatic> | null = null;
export function loadSql(): Promise<SqlJsStatic> {
  return (sqlPromise ??= initSqlJs());
}

export function readScenarioText(file: string | undefined, lesson: string | undefined): { text: string; name: string } {
  if (lesson) {
    const l = getLesson(lesson);
    if (!l) throw new CliError(`windtunnel: no lesson named '${lesson}' (see \`windtunnel lessons\`)`, 2);
    return { text: l.text, name: `lesson:${lesson}` };
  }
  if (!file) throw new CliError('windtunnel: give a scenario FILE or --lesson NAME', 2);
  try {
    return { text: readFileSync(file, 'utf8'), name: file };
  } catch (err) {
    throw new CliError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 1);
  }
}

/** `--profile P`: checked against the known profiles (usage error, exit 2, otherwise). */
export function profileOption(value: string | undefined, command: string): Profile | undefined {
  if (value === undefined) return undefined;
  if ((PROFILES as readonly string[]).includes(value)) return value as Profile;
  throw new CliError(`windtunnel ${command}: --profile must be one of ${PROFILES.join(', ')}, not '${value}'`, 2);
}

/** The scenario of FILE (or a lesson); `profile` replaces its `airflow:` for quick comparisons;
 * `strictTemplates` (validate) refuses a template that cannot render instead of warning. */
export function loadScenario(file: string | undefined, lesson?: string, profile?: Profile, strictTemplates = false): Scenario {
  const { text, name } = readScenarioText(file, lesson);
  const parsed = parseScenario(text, name, { profile, strictTemplates });
  if (!parsed.ok) throw new CliError(parsed.errors.map(formatError).join('\n'), 1);
  for (const w of parsed.warnings) process.stderr.write(`warning: ${formatError(w)}\n`);
  return parsed.scenario;
}
