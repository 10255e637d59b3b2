// `import --url` against a hostile server: names it sends must not choose where saved files go,
// a server that never answers (or trickles) must hit the deadline, and a flood must hit the cap.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchDocuments } from '../../cli/airflow/fetch.js';
import { saveFileName } from '../../cli/airflow/save_name.js';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Every file under dir, recursively (relative paths). */
function tree(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...tree(join(dir, e.name)).map((p) => `${e.name}/${p}`));
    else out.push(e.name);
  }
  return out;
}

const HOSTILE_IDS = ['../../x', '../../../../../../tmp/wt-evil', '/etc/passwd', '..', '.hidden', 'a\\..\\..\\b', 'nul\u0000byte', 'x'.repeat(5000)];

describe('import --url --save with a hostile server', () => {
  it('keeps every saved file inside the save folder, whatever dag_ids the server sends', async () => {
    const url = await serve((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      if (path === '/api/v2/dags/~/dagRuns') {
        return json(res, 200, { dag_runs: HOSTILE_IDS.map((dag_id, i) => ({ dag_id, dag_run_id: `r${i}`, run_after: '2025-01-01T00:00:00Z', state: 'success', run_type: 'manual' })), total_entries: HOSTILE_IDS.length });
      }
      if (path === '/api/v2/dags/~/dagRuns/~/taskInstances') return json(res, 404, { detail: 'no' }); // forces the per-run path
      if (path.endsWith('/taskInstances')) return json(res, 200, { task_instances: [], total_entries: 0 });
      return json(res, 200, { dags: [], asset_events: [], total_entries: 0 });
    });
    const root = mkdtempSync(join(tmpdir(), 'wt-sec-save-'));
    const save = join(root, 'a', 'b', 'save');
    const r = await fetchDocuments({ baseUrl: url, token: null, save });
    expect(r.docs.length).toBeGreaterThan(HOSTILE_IDS.length);
    // Nothing landed beside or above the save folder.
    expect(tree(root).filter((p) => !p.startsWith('a/b/save/'))).toEqual([]);
    expect(existsSync('/tmp/wt-evil.json')).toBe(false);
    const saved = readdirSync(save);
    expect(saved.length).toBe(r.docs.length);
    for (const name of saved) expect(name).toMatch(/^\d{4}-[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}\.json$/);
    for (const d of r.docs) expect(resolve(d.name).startsWith(resolve(save) + '/')).toBe(true);
  });

  it('names: counter plus a label reduced to safe characters', () => {
    expect(saveFileName(3, 'taskInstances-../../x')).toBe('0003-taskInstances-.._.._x.json');
    expect(saveFileName(0, '..')).toBe('0000-_.json');
    expect(saveFileName(1, '')).toBe('0001-_.json');
    expect(saveFileName(2, '/etc/passwd')).toBe('0002-_etc_passwd.json');
    expect(saveFileName(7, 'x'.repeat(500)).length).toBe('0007-'.length + 80 + '.json'.length);
  });

  it('a server that never answers hits the deadline', async () => {
    const url = await serve(() => { /* never answers */ });
    const t0 = performance.now();
    await expect(fetchDocuments({ baseUrl: url, token: null, timeoutMs: 300 })).rejects.toThrow(/no complete answer within 0.3 s/);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('a server that sends headers and then trickles the body hits the same deadline', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"dags": [');
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    const t0 = performance.now();
    await expect(fetchDocuments({ baseUrl: url, token: null, timeoutMs: 400 })).rejects.toThrow(/no complete answer within 0.4 s/);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('an answer over the size cap is refused, declared or not', async () => {
    const big = JSON.stringify({ dag_runs: [], pad: 'x'.repeat(10_000) });
    let chunked = false;
    const url = await serve((_req, res) => {
      if (chunked) { res.writeHead(200); res.write(big); res.end(); return; } // no content-length
      res.writeHead(200, { 'Content-Length': Buffer.byteLength(big) });
      res.end(big);
    });
    await expect(fetchDocuments({ baseUrl: url, token: null, maxBytes: 4096 })).rejects.toThrow(/over the 4096-byte limit/);
    chunked = true;
    await expect(fetchDocuments({ baseUrl: url, token: null, maxBytes: 4096 })).rejects.toThrow(/over the 4096-byte limit/);
  });

  it('a server that pages forever (total_entries never reached) stops at the import-wide byte cap', async () => {
    let requests = 0;
    const url = await serve((_req, res) => { requests++; json(res, 200, { dags: [{ dag_id: `d${requests}` }], total_entries: 1e12 }); });
    await expect(fetchDocuments({ baseUrl: url, token: null, maxTotalBytes: 20_000 })).rejects.toThrow(/reach the 20000-byte limit for one import/);
    expect(requests).toBeLessThan(1000);
  });

  it('the CLI turns the deadline into a located error, exit 1', async () => {
    const url = await serve(() => { /* never answers */ });
    const { spawn } = await import('node:child_process');
    const child = spawn('node', ['bin/windtunnel.mjs', 'import', '--url', url, '--timeout', '0.5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(1);
    expect(err).toContain(`windtunnel import: ${url}: ${url}/api/v2/version: no complete answer within 0.5 s`);
  });
});

