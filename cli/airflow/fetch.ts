// Fetching the documents `windtunnel import` reads straight from a running API server (a real
// Airflow 3, or `windtunnel serve`): every page of the dag runs, task instances and asset events
// listings, with a bearer token. Each answer can be saved as the same JSON files a user would save.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiDocument, ImportProblem } from '../../core/import/airflow_api.js';

const PAGE = 100; // Airflow's [api] maximum_page_limit default

export interface FetchOptions {
  baseUrl: string;
  token: string | null;
  save?: string;
  /** Stop after this many pages per listing (a guard against a runaway server). */
  maxPages?: number;
}

export async function fetchDocuments(opts: FetchOptions): Promise<{ docs: ApiDocument[]; problems: ImportProblem[] }> {
  const docs: ApiDocument[] = [];
  const problems: ImportProblem[] = [];
  const base = opts.baseUrl.replace(/\/+$/, '');
  if (opts.save) mkdirSync(opts.save, { recursive: true });
  let n = 0;
  const get = async (path: string): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(base + path, { headers: { Accept: 'application/json', ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}) } });
    const text = await res.text();
    let json: unknown = null;
    try { json = JSON.parse(text); } catch { json = text; }
    return { status: res.status, json };
  };
  const keep = (name: string, json: unknown) => {
    const file = `${String(n++).padStart(4, '0')}-${name}.json`;
    docs.push({ name: opts.save ? join(opts.save, file) : `${base} ${name}`, json });
    if (opts.save) writeFileSync(join(opts.save, file), JSON.stringify(json, null, 2) + '\n');
  };
  const pages = async (path: string, key: string, name: string): Promise<boolean> => {
    for (let page = 0, offset = 0; page < (opts.maxPages ?? 10_000); page++) {
      const sep = path.includes('?') ? '&' : '?';
      const r = await get(`${path}${sep}limit=${PAGE}&offset=${offset}`);
      if (r.status !== 200) {
        problems.push({ document: `${base}${path}`, level: 'error', message: `HTTP ${r.status}: ${JSON.stringify(r.json).slice(0, 200)}` });
        return false;
      }
      keep(`${name}-${String(page).padStart(3, '0')}`, r.json);
      const items = (r.json as Record<string, unknown>)[key];
      const total = (r.json as Record<string, unknown>).total_entries;
      if (!Array.isArray(items) || items.length === 0) return true;
      offset += items.length;
      if (typeof total === 'number' && offset >= total) return true;
    }
    problems.push({ document: `${base}${path}`, level: 'warning', message: 'stopped after the page limit' });
    return true;
  };
  const version = await get('/api/v2/version');
  if (version.status === 200) keep('version', version.json);
  else problems.push({ document: `${base}/api/v2/version`, level: 'warning', message: `HTTP ${version.status}` });
  await pages('/api/v2/dags', 'dags', 'dags');
  await pages('/api/v2/dags/~/dagRuns', 'dag_runs', 'dagRuns');
  // "~/~" lists every task instance at once; servers without it answer per run.
  const all = await get(`/api/v2/dags/~/dagRuns/~/taskInstances?limit=${PAGE}&offset=0`);
  if (all.status === 200) {
    await pages('/api/v2/dags/~/dagRuns/~/taskInstances', 'task_instances', 'taskInstances');
  } else {
    const runs = docs.flatMap((d) => (Array.isArray((d.json as Record<string, unknown>)?.dag_runs) ? (d.json as { dag_runs: { dag_id: string; dag_run_id: string }[] }).dag_runs : []));
    for (const r of runs) {
      await pages(`/api/v2/dags/${encodeURIComponent(r.dag_id)}/dagRuns/${encodeURIComponent(r.dag_run_id)}/taskInstances`, 'task_instances', `taskInstances-${r.dag_id}`);
    }
  }
  await pages('/api/v2/assets/events', 'asset_events', 'assetEvents');
  return { docs, problems };
}
