// Shared by the renderer's browser tests and the redraw benchmark: build the renderer once into a
// private directory, serve it on 127.0.0.1 with the app's real Content Security Policies, and
// launch Debian's Chromium through playwright-core.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cspForContentType } from '../../electron/common/csp.js';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const SHOTS = join(ROOT, 'test-results');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.ttf': 'font/ttf', '.json': 'application/json', '.yaml': 'text/yaml; charset=utf-8', '.svg': 'image/svg+xml',
};

/** Build the renderer into `outDir` (a private copy, so parallel suites never race on dist/). */
export function buildRenderer(outDir: string): void {
  const r = spawnSync('npx', ['vite', 'build', '--config', 'vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

/** A static server for `dir` on 127.0.0.1 (random port); `extra` maps URL paths to file contents. */
export function serve(dir: string, extra: Record<string, string> = {}): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (extra[path] !== undefined) {
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'text/plain; charset=utf-8' });
      res.end(extra[path]);
      return;
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end('not found'); return; }
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store' };
    const csp = cspForContentType(type);
    if (csp) headers['content-security-policy'] = csp;
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    ok({ url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`, server });
  }));
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export function shotsDir(): string {
  mkdirSync(SHOTS, { recursive: true });
  return SHOTS;
}

/** The built renderer served on loopback and one Chromium, for a suite's beforeAll/afterAll. */
export async function startApp(outDir: string): Promise<{ baseUrl: string; browser: Browser; stop(): Promise<void> }> {
  buildRenderer(outDir);
  const s = await serve(outDir);
  const browser = await launch();
  return { baseUrl: s.url, browser, stop: async () => { await browser.close(); s.server.close(); } };
}

/** Resolves once the status bar reports the simulated runs (the worker has answered). */
export async function waitForSimulation(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => /dag runs?, \d+ task instances?/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout });
}
