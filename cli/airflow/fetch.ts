// Fetching the documents `windtunnel import` reads straight from a running API server (a real
// Airflow 3, or `windtunnel serve`): every page of the dag runs, task instances and asset events
// listings, with a bearer token. Each answer can be saved as the same JSON files a user would save.
// The server is not trusted: every request has a deadline and a size cap, and a saved file's name
// is built from our own counter plus a sanitised label, always inside the save folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiDocument, ImportProblem } from '../../core/index.js';
import { saveFileName } from './save_name.js';

const PAGE = 100; // Airflow's [api] maximum_page_limit default
/** Per request: a server that stops answering must not hang the import. */
export const FETCH_TIMEOUT_MS = 30_000;
/** Per answer: a page of 100 records is well under a megabyte; this leaves room and stops a flood. */
export const FETCH_MAX_BYTES = 64 * 1024 * 1024;
/** For the whole import: a server that pages forever (total_entries it never reaches) stops here. */
export const FETCH_MAX_TOTAL_BYTES = 512 * 1024 * 1024;

export interface FetchOptions {
  baseUrl: string;
  token: string | null;
  save?: string;
  /** Stop after this many pages per listing (a guard against a runaway server). */
  maxPages?: number;
  /** Per-request deadline (default FETCH_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Per-answer size cap in bytes (default FETCH_MAX_BYTES). */
  maxBytes?: number;
  /** Cap on all answers together (default FETCH_MAX_TOTAL_BYTES). */
  maxTotalBytes?: number;
}

export async function fetchDocuments(opts: FetchOptions): Promise<{ docs: ApiDocument[]; problems: ImportProblem[] }> {
  const docs: ApiDocument[] = [];
  const problems: ImportProblem[] = [];
  const base = opts.baseUrl.replace(/\/+$/, '');
  if (opts.save) mkdirSync(opts.save, { recursive: true });
  let n = 0;
  const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? FETCH_MAX_BYTES;
  const maxTotal = opts.maxTotalBytes ?? FETCH_MAX_TOTAL_BYTES;
  let total = 0;
  const get = async (path: string): Promise<{ status: number; json: unknown }> => {
    // One deadline for the whole exchange (headers and body): a server that trickles bytes is cut too.
    const signal = AbortSignal.timeout(timeoutMs);
    let text: string;
    let status: number;
    try {
      const res = await fetch(base + path, { signal, headers: { Accept: 'application/json', ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}) } });
      status = res.status;
      text = await readCapped(res, Math.min(maxBytes, maxTotal - total), base + path);
      total += Buffer.byteLength(text);
    } catch (err) {
      if (signal.aborted) throw new Error(`${base}${path}: no complete answer within ${timeoutMs / 1000} s`);
      if (err instanceof Error && /byte limit$/.test(err.message) && maxTotal - total < maxBytes) {
        throw new Error(`${base}${path}: the answers so far reach the ${maxTotal}-byte limit for one import`);
      }
      throw err;
    }
    let json: unknown = null;
    try { json = JSON.parse(text); } catch { json = text; }
    return { status, json };
  };
  const keep = (name: string, json: unknown) => {
    const file = saveFileName(n++, name);
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

/** The body as text, refusing more than `max` bytes (counted as they arrive, not from a header). */
async function readCapped(res: Response, max: number, where: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new Error(`${where}: answer of ${declared} bytes is over the ${max}-byte limit`);
  }
  if (!res.body) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw new Error(`${where}: answer over the ${max}-byte limit`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}
