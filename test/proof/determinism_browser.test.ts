// Determinism across runtimes: one scenario run by the CLI (Node) and by core bundled for the browser
// inside a Chromium Web Worker (as the renderer runs it) gives byte-identical JSON. core is bundled
// here with esbuild (platform browser, ESM); sql.js loads its wasm through locateFile from a tiny
// static server on 127.0.0.1; Chromium is Debian's, driven by playwright-core. Independent of the
// renderer app.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getLesson } from '../../core/index.js';
import { generateScenario } from './generator.js';
import { DETERMINISM_SEEDS, outputText } from './determinism_shared.js';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'test-results', 'determinism-browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WASM = join(ROOT, 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm');

const PAGE = `<!doctype html><meta charset="utf-8"><title>windtunnel determinism</title>
<script type="module">
  const worker = new Worker('/worker.js', { type: 'module' });
  let next = 0;
  const waiting = new Map();
  worker.onmessage = (e) => { const w = waiting.get(e.data.id); waiting.delete(e.data.id); e.data.error ? w.reject(new Error(e.data.error)) : w.resolve(e.data.text); };
  worker.onerror = (e) => { for (const w of waiting.values()) w.reject(new Error(e.message)); };
  window.runInWorker = (yaml) => new Promise((resolve, reject) => { const id = next++; waiting.set(id, { resolve, reject }); worker.postMessage({ id, yaml }); });
  window.ready = true;
</script>`;
const WORKER = `import { runScenario } from '/core.js';
self.onmessage = async (e) => {
  try { self.postMessage({ id: e.data.id, text: await runScenario(e.data.yaml, '/sql-wasm.wasm') }); }
  catch (err) { self.postMessage({ id: e.data.id, error: String(err && err.stack || err) }); }
};`;

let server: Server;
let url = '';
let browser: Browser | null = null;
let page: Page;
const available = existsSync(CHROMIUM);

beforeAll(async () => {
  // A missing browser fails the suite rather than skipping it (CI installs Debian's chromium).
  if (!available) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(OUT, { recursive: true });
  const bundle = join(OUT, 'core.js');
  await build({ entryPoints: [join(ROOT, 'test', 'proof', 'browser_entry.ts')], outfile: bundle, bundle: true, platform: 'browser', format: 'esm', target: 'chrome120', logLevel: 'warning' });
  const files: Record<string, [string, () => Buffer | string]> = {
    '/': ['text/html; charset=utf-8', () => PAGE],
    '/worker.js': ['text/javascript', () => WORKER],
    '/core.js': ['text/javascript', () => readFileSync(bundle)],
    '/sql-wasm.wasm': ['application/wasm', () => readFileSync(WASM)],
  };
  server = createServer((req, res) => {
    const f = files[(req.url ?? '/').split('?')[0]];
    if (!f) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': f[0], 'cache-control': 'no-store' });
    res.end(f[1]());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 30_000 });
  expect(errors).toEqual([]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

async function inChromium(yaml: string): Promise<string> {
  return page.evaluate((y) => (window as unknown as { runInWorker(y: string): Promise<string> }).runInWorker(y), yaml);
}

function cli(name: string, yaml: string): string {
  const file = join(OUT, `${name}.yaml`);
  writeFileSync(file, yaml);
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'windtunnel.mjs'), 'run', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`windtunnel run ${file} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Keep both sides for a failing case and say where they part. */
function compare(name: string, node: string, web: string): void {
  if (node === web) return;
  writeFileSync(join(OUT, `${name}.node.json`), node);
  writeFileSync(join(OUT, `${name}.chromium.json`), web);
  let i = 0;
  while (i < node.length && node[i] === web[i]) i++;
  expect.fail(`${name}: Node and Chromium differ from character ${i} (line ${node.slice(0, i).split('\n').length}); both written to ${OUT}`);
}

describe('determinism: Node (CLI) and Chromium (Web Worker) give the same bytes', () => {
  test('a lesson with random run-id suffixes and uniform durations: CLI vs Chromium worker', async () => {
    const yaml = getLesson('hyperparameter-tuning-3x')!.text;
    const node = cli('hyperparameter-tuning-3x', yaml);
    const web = await inChromium(yaml);
    compare('hyperparameter-tuning-3x', node, web);
    expect(JSON.parse(web).dag_runs.length).toBeGreaterThan(3);
  }, 60_000);

  test('DST time zones, templates and XCom: CLI vs Chromium worker', async () => {
    const yaml = `windtunnel: 1
name: dst-templates
clock: {start: 2025-03-29T00:00:00Z, end: 2025-03-31T06:00:00Z}
seed: 5
dags:
  - dag_id: berlin
    schedule: "30 2 * * *"
    timezone: Europe/Berlin
    start_date: 2025-03-25
    catchup: true
    params: {lr: 0.01, name: "ünï ✓"}
    tasks:
      - task_id: a
        duration: {uniform: [PT1M, PT9M]}
        returns: "{{ params.lr * 3 }} {{ ds }} {{ ts_nodash }} {{ macros.ds_add(ds, 1) }}"
        templates: {cmd: "run {{ logical_date }} {{ data_interval_end }} {{ params.name }}"}
      - task_id: b
        upstream: [a]
        templates: {x: "{{ ti.xcom_pull(task_ids='a') }} / {{ ti.xcom_pull(task_ids='a', include_prior_dates=True) }}"}
        outcome: {fail_tries: 1}
        retries: 2
        retry_exponential_backoff: true
  - dag_id: ny_hourly
    schedule: "@hourly"
    timezone: America/New_York
    start_date: 2025-03-29
    tasks: [{task_id: t, duration: {uniform: [PT0S, PT50M]}}]
events:
  - {at: 2025-03-30T01:00:00Z, trigger: {dag_id: berlin, logical_date: null, conf: {lr: 0.5}}}
  - {at: 2025-03-30T01:00:00Z, api: {method: POST, path: /api/v2/dags/berlin/dagRuns, body: {logical_date: null}}}
`;
    compare('dst-templates', cli('dst-templates', yaml), await inChromium(yaml));
  }, 60_000);

  test.each(DETERMINISM_SEEDS)('swarm seed %i: library in Node vs Chromium worker', async (seed) => {
    const yaml = generateScenario(seed).yaml;
    compare(`seed-${seed}`, await outputText(yaml), await inChromium(yaml));
  }, 60_000);
});
