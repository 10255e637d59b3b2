// `npm start` where Electron cannot run: one line saying why, then the renderer served on
// 127.0.0.1, loaded in real Chromium under the strict CSP (simulation worker, sql.js WebAssembly
// and nunjucks included). Also proves the CSP claims in electron/common/csp.ts in Chromium.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../electron/node/static_server.js';
import type { StaticServer } from '../../electron/node/static_server.js';

const root = join(__dirname, '..', '..');
const results = join(root, 'test-results');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(results, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});
afterAll(async () => { await browser?.close(); });

/** Runs scripts/start.mjs and resolves once it prints its URL. */
function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcessWithoutNullStreams; lines: string[]; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], { cwd: root, env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no URL printed; stdout: ${out}\nstderr: ${err}`)); }, 150_000);
    child.stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /Windtunnel is running at (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, lines: out.trimEnd().split('\n'), url: m[1], stderr: () => err });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`start.mjs exited with ${code}; stdout: ${out}\nstderr: ${err}`)); });
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) { resolve(child.exitCode); return; }
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Collects what went wrong on a page: errors, failed requests, CSP violations. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  return problems;
}

describe('npm start without Electron', () => {
  let run: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    // A dist path that does not exist: Electron is unavailable whatever this machine has.
    run = await start(['--port', '0'], { ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'no-electron-here') });
  }, 180_000);
  afterAll(async () => { if (run) expect(await stop(run.child)).toBe(0); });

  it('says why in one line, then prints the URL', () => {
    expect(run.lines).toHaveLength(2);
    expect(run.lines[0]).toMatch(/^Electron is not available: .+\. Serving the app in the browser instead\.$/);
    expect(run.lines[1]).toBe(`Windtunnel is running at ${run.url}`);
  });

  it('serves the app, which loads and simulates in Chromium under the strict CSP', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems = watch(page);
    const types = new Map<string, string>();
    page.on('response', (r) => types.set(new URL(r.url()).pathname, r.headers()['content-type'] ?? ''));
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __csp: string[] }).__csp ??= [];
        (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const res = await page.goto(run.url);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    await expect.poll(() => page.title(), { timeout: 20_000 }).toMatch(/Windtunnel/);
    // The worker ran sql.js and nunjucks: a finished simulation reports its dag runs.
    await expect.poll(async () => (await page.locator('body').innerText()).match(/\d+ dag runs?/)?.[0] ?? '', { timeout: 30_000 }).not.toBe('');
    await page.screenshot({ path: join(results, 'start-fallback.png') });
    expect(workers.length).toBeGreaterThan(0);
    const wasm = [...types].find(([p]) => p.endsWith('.wasm'));
    expect(wasm?.[1]).toBe('application/wasm');
    expect([...types].filter(([p]) => p.endsWith('.js')).every(([, t]) => t.startsWith('text/javascript'))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('does not serve files outside the renderer build', async () => {
    const r = await fetch(`${run.url}..%2f..%2fpackage.json`);
    expect(r.status).toBe(400);
    const r2 = await fetch(`${run.url}assets/../../../package.json`); // fetch normalises this to /package.json
    expect(r2.status).toBe(404);
  });
});

describe('npm run web (--web)', () => {
  it('serves directly, with no Electron line', async () => {
    const run = await start(['--web', '--no-build', '--port', '0'], {});
    try {
      expect(run.lines).toEqual([`Windtunnel is running at ${run.url}`]);
      expect((await fetch(run.url)).status).toBe(200);
    } finally {
      expect(await stop(run.child)).toBe(0);
    }
  }, 60_000);
});

describe('the CSP in Chromium (electron/common/csp.ts)', () => {
  let dir: string;
  let server: StaticServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wt-csp-'));
    const sqljs = join(root, 'node_modules', 'sql.js', 'dist');
    copyFileSync(join(sqljs, 'sql-wasm.js'), join(dir, 'sql-wasm.js'));
    copyFileSync(join(sqljs, 'sql-wasm.wasm'), join(dir, 'sql-wasm.wasm'));
    const probe = `
      async function probe() {
        let evalResult;
        try { evalResult = new Function('return 6 * 7')() === 42 ? 'allowed' : '?'; } catch (e) { evalResult = 'blocked'; }
        let sql;
        try {
          const SQL = await initSqlJs({ locateFile: (f) => '/' + f });
          const db = new SQL.Database();
          sql = db.exec("select 'sqlite ' || sqlite_version()")[0].values[0][0];
        } catch (e) { sql = 'failed: ' + e.message; }
        return { eval: evalResult, sql };
      }`;
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>csp</title>
      <script>window.inlineRan = true;</script>
      <script src="/sql-wasm.js"></script><script src="/page.js"></script>`);
    writeFileSync(join(dir, 'page.js'), `${probe}
      window.result = (async () => {
        const doc = await probe();
        const worker = await new Promise((resolve) => {
          const w = new Worker('/worker.js');
          w.onmessage = (e) => resolve(e.data);
          w.onerror = (e) => resolve({ error: e.message });
        });
        return { doc, worker, inline: window.inlineRan === true };
      })();`);
    writeFileSync(join(dir, 'worker.js'), `importScripts('/sql-wasm.js'); ${probe} probe().then((r) => postMessage(r));`);
    server = await startStaticServer({ root: dir, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('blocks eval and inline script in the document, allows eval in the worker, allows WebAssembly in both', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const result = await page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result);
    expect(result).toEqual({
      doc: { eval: 'blocked', sql: expect.stringMatching(/^sqlite 3\./) },
      worker: { eval: 'allowed', sql: expect.stringMatching(/^sqlite 3\./) },
      inline: false,
    });
    await page.close();
  });
});
