// The explorer's other sources, in real Chromium: an imported history opened like a scenario
// (read-only, SQL over it, a what-if re-simulated beside it), and a running `windtunnel serve`
// watched live while a client POSTs runs to it (the README's worked example). Screenshots go to
// test-results/.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { importHistory, parseScenario, simulate, type ApiDocument, type RunOutput } from '../../core/index.js';
import { handleApiRequest } from '../../core/scheduler/rest_api.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import { runOutputJson } from '../../core/export/json.js';
import { sqlJs } from '../engine/run_yaml.js';
import { PAUSED_DAILY } from '../airflow/fixtures/paused_daily.js';
import { buildRenderer, launch, serve, shotsDir, ROOT } from './harness.js';

const OUT = join(ROOT, 'test-results', 'e2e-history-dist');
const shots = shotsDir();
let browser: Browser;
let baseUrl: string;
let closeStatic: () => void;
let history: RunOutput;

/** The history `windtunnel import` makes of the REST answers a real Airflow would give for PAUSED_DAILY. */
async function importedHistory(): Promise<RunOutput> {
  const p = parseScenario(PAUSED_DAILY, 'real.yaml');
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  let sim: Simulation | null = null;
  const r = simulate(p.scenario, { sql: await sqlJs(), afterStep: (s) => { sim = s; } });
  const get = (path: string) => ({ name: path, json: handleApiRequest(sim as unknown as Simulation, 'GET', path, undefined).body });
  const docs: ApiDocument[] = [get('/api/v2/dags'), get('/api/v2/dags/~/dagRuns?limit=100'), get('/api/v2/dags/~/dagRuns/~/taskInstances?limit=100')];
  r.close();
  return importHistory(docs, { name: 'real' }).output;
}

async function rows(page: Page): Promise<string[][]> {
  return page.$$eval('table[aria-label="DAG runs"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

beforeAll(async () => {
  history = await importedHistory();
  buildRenderer(OUT);
  const s = await serve(OUT, { '/files/history.json': runOutputJson(history), '/files/broken.json': runOutputJson(history).replace('"run_after": "2025-06-04T07:00:00Z"', '"run_after": "soon"') });
  baseUrl = s.url;
  closeStatic = () => s.server.close();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  closeStatic?.();
});

describe('an imported history in the explorer', () => {
  it('opens read-only: runs table, SQL over it, an inferred what-if beside it', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}?scenario=/files/history.json`);
    await page.waitForFunction(() => /history \(read-only\)/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 30_000 });
    expect(await page.locator('.status').textContent()).toContain(`${history.dag_runs.length} dag runs`);
    const table = await rows(page);
    expect(table).toHaveLength(history.dag_runs.length);
    expect(table.map((r) => r.join(' ')).join('\n')).toContain('manual__');
    // Profiles do not apply to what happened.
    expect(await page.locator('select[aria-label="Airflow profile"]').isDisabled()).toBe(true);

    // The grid draws the history's runs by its tasks (known from the task instances).
    await page.click('[role="tab"]:has-text("Grid")');
    const gridLabel = await page.locator('section[aria-label="Grid"] svg[role="img"]').first().getAttribute('aria-label');
    expect(gridLabel).toMatch(/^Grid of (adhoc|daily): \d+ runs by [12] tasks?$/);

    // The SQL console answers over the history's own tables.
    await page.click('[role="tab"]:has-text("SQL")');
    await page.fill('textarea[aria-label="SQL query"]', 'SELECT dag_id, count(*) AS n FROM dag_run GROUP BY dag_id ORDER BY dag_id');
    await page.click('button:has-text("Run query")');
    await page.waitForSelector('table[aria-label="Query results"] tbody tr');
    const sql = await page.$$eval('table[aria-label="Query results"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()).join(' ')));
    const count = (d: string) => history.dag_runs.filter((r) => r.dag_id === d).length;
    expect(sql).toEqual([`adhoc ${count('adhoc')}`, `daily ${count('daily')}`]);

    // The editor holds the inferred what-if; catchup on there re-simulates beside the history.
    const editor = page.locator('textarea[aria-label="What-if scenario YAML"]');
    const draft = await editor.inputValue();
    expect(draft).toContain('schedule: "30 2 * * *"');
    expect(draft).toContain('catchup: false');
    await editor.fill(draft.replace(/catchup: false/g, 'catchup: true'));
    await page.waitForSelector('[data-testid="timeline-compare-b"]', { timeout: 30_000 });
    await expect.poll(() => page.locator('section[aria-label="Compare differences"] .summary').textContent(), { timeout: 30_000 }).toMatch(/actual vs what-if: \d+ runs differ/);
    const table2 = await page.$$eval('table[aria-label="Runs that differ"] tbody tr', (trs) => trs.map((tr) => (tr.textContent ?? '').replace(/\s+/g, ' ').trim()));
    // The days the pause swallowed come back under catchup.
    expect(table2.join('\n')).toContain('scheduled__2025-06-03T02:30:00+00:00');
    expect(await page.locator('[data-testid="compare-label-a"]').textContent()).toBe('What happened');
    expect(await page.locator('[aria-label="What-if notes"]').textContent()).toContain('carried over from the history');
    await page.screenshot({ path: join(shots, 'e2e-history-what-if.png') });

    // A bad what-if shows its error at its line and keeps the last good comparison.
    await editor.fill(draft.replace('schedule: "30 2 * * *"', 'schedule: "61 2 * * *"'));
    await expect.poll(() => page.locator('#editor-errors').textContent(), { timeout: 30_000 }).toMatch(/what-if\.yaml:\d+:\d+ dags\[0\]\.schedule/);
    expect(await page.locator('[data-testid="timeline-compare-b"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a broken history file shows its error at the line of the bad field', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${baseUrl}?scenario=/files/broken.json`);
    await expect.poll(() => page.locator('#editor-errors').textContent(), { timeout: 30_000 }).toMatch(/broken\.json:\d+:\d+ dag_runs\[\d+\]\.run_after: 'soon' is not an instant/);
    await page.close();
  });
});

// ------------------------------------------------------------------------------------------------

function startServe(): Promise<{ child: ChildProcess; url: string; token: string }> {
  const token = 'e2e-live-token-0123456789abcdef';
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'windtunnel.mjs'), 'serve', '--lesson', 'inference-push-rest', '--port', '0', '--speed', '60'],
    { cwd: ROOT, env: { ...process.env, WINDTUNNEL_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /^url: (\S+)$/m.exec(out)?.[1];
      if (url) { clearTimeout(timer); resolve({ child, url, token }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}: ${err}`)); });
  });
}

function post(base: string, token: string, path: string, body: unknown): Promise<number> {
  const u = new URL(base);
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('watching `windtunnel serve` live', () => {
  let srv: { child: ChildProcess; url: string; token: string };
  beforeAll(async () => { srv = await startServe(); });
  afterAll(() => { srv?.child.kill('SIGTERM'); });

  it('attaches with the token, shows runs a client POSTs in the ad-hoc lane as they come, detaches', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(baseUrl);
    await page.waitForFunction(() => /dag runs?/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 30_000 });

    // A wrong token is refused with a message saying so, and nothing is watched.
    await page.click('button:has-text("Attach…")');
    await page.fill('input[aria-label="Server address"]', srv.url);
    await page.fill('input[aria-label="Bearer token"]', 'wrong-token');
    await page.click('dialog button[type="submit"]');
    await expect.poll(() => page.locator('[data-testid="live-badge"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('stopped');
    expect(await page.locator('.status .message').textContent()).toMatch(/refused the token \(HTTP 403\)/);

    await page.click('button:has-text("Attach…")');
    await page.fill('input[aria-label="Bearer token"]', srv.token);
    await page.click('dialog button[type="submit"]');
    await expect.poll(() => page.locator('[data-testid="live-badge"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('live');
    expect(await rows(page)).toEqual([]);

    // The seed's inference push: a client POSTs runs without a logical date.
    for (let i = 0; i < 3; i++) {
      expect(await post(srv.url, srv.token, '/api/v2/dags/inference/dagRuns', { logical_date: null, conf: { input_path: `s3://bucket/req-${i}.csv` } })).toBe(200);
    }
    await expect.poll(async () => (await rows(page)).length, { timeout: 20_000 }).toBe(3);
    const table = await rows(page);
    expect(table.every((r) => r.join(' ').includes('manual__'))).toBe(true);
    // They run (PT2M at 60× is two wall seconds) and the view follows without a reload.
    await expect.poll(async () => (await rows(page)).filter((r) => r.join(' ').includes('success')).length, { timeout: 30_000 }).toBe(3);
    expect(await page.locator('[data-testid="live-badge"]').textContent()).toMatch(/live .*clock 20\d\d-/);
    // The what-if draft follows the server's state while it is not edited.
    expect(await page.locator('textarea[aria-label="What-if scenario YAML"]').inputValue()).toContain('dag_id: "inference"');
    await page.screenshot({ path: join(shots, 'e2e-live.png') });

    // SQL over the live state.
    await page.click('[role="tab"]:has-text("SQL")');
    await page.fill('textarea[aria-label="SQL query"]', 'SELECT count(*) AS n FROM dag_run WHERE logical_date IS NULL');
    await page.click('button:has-text("Run query")');
    await expect.poll(() => page.locator('table[aria-label="Query results"] tbody').textContent(), { timeout: 10_000 }).toContain('3');

    await page.click('button:has-text("Detach")');
    expect(await page.locator('[data-testid="live-badge"]').getAttribute('data-status')).toBe('stopped');
    expect(await post(srv.url, srv.token, '/api/v2/dags/inference/dagRuns', { logical_date: null })).toBe(200);
    await new Promise((r) => setTimeout(r, 2500));
    await page.click('[role="tab"]:has-text("Runs")');
    expect(await rows(page)).toHaveLength(3);
    expect(errors).toEqual([]);
    await page.close();
  });
});
