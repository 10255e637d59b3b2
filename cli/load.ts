// Reading a scenario for a CLI command: the file (or a built-in lesson), its parse errors printed
// as FILE:LINE:COL key.path: message (exit 1), and the sql.js engine the simulation needs.
import { readFileSync } from 'node:fs';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { formatError, getLesson, parseScenario, type Scenario } from '../core/index.js';

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

export function loadScenario(file: string | undefined, lesson?: string): Scenario {
  const { text, name } = readScenarioText(file, lesson);
  const parsed = parseScenario(text, name);
  if (!parsed.ok) throw new CliError(parsed.errors.map(formatError).join('\n'), 1);
  for (const w of parsed.warnings) process.stderr.write(`warning: ${formatError(w)}\n`);
  return parsed.scenario;
}
