// Reading saved REST API answers for `windtunnel import`: files, or directories of them (walked in
// name order, *.json only), each parsed as JSON. Unreadable files are reported, not fatal.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiDocument, ImportProblem } from '../../core/import/airflow_api.js';

export function readDocuments(paths: readonly string[]): { docs: ApiDocument[]; problems: ImportProblem[] } {
  const docs: ApiDocument[] = [];
  const problems: ImportProblem[] = [];
  const visit = (p: string, explicit: boolean) => {
    let st;
    try { st = statSync(p); } catch (err) {
      problems.push({ document: p, level: 'error', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) visit(join(p, name), false);
      return;
    }
    if (!explicit && !/\.json$/i.test(p)) return;
    let text: string;
    try { text = readFileSync(p, 'utf8'); } catch (err) {
      problems.push({ document: p, level: 'error', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      return;
    }
    try {
      docs.push({ name: p, json: JSON.parse(text) });
    } catch (err) {
      problems.push({ document: p, level: 'error', message: `not JSON: ${(err as Error).message}` });
    }
  };
  for (const p of paths) visit(p, true);
  return { docs, problems };
}
