// Shared by determinism.test.ts and determinism_browser.test.ts: the CLI's JSON text computed in
// this process, and the swarm seeds both use.
import initSqlJs from 'sql.js';
import { parseScenario, simulate } from '../../core/index.js';

/** The CLI's JSON text for a scenario, computed in this process. */
export async function outputText(yaml: string, freshSql = false): Promise<string> {
  const p = parseScenario(yaml, 'd.yaml');
  if (!p.ok) throw new Error(JSON.stringify(p.errors.slice(0, 3)));
  const sql = freshSql ? await initSqlJs() : await shared();
  const r = simulate(p.scenario, { sql });
  const text = JSON.stringify(r.output, null, 2) + '\n';
  r.close();
  return text;
}
let sqlP: ReturnType<typeof initSqlJs> | null = null;
const shared = () => (sqlP ??= initSqlJs());

/** Swarm seeds with a bit of everything random: uniform durations, random run-id suffixes, DST zones. */
export const DETERMINISM_SEEDS = [3, 7, 11, 19, 23, 42];

