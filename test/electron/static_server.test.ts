import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_CSP, WORKER_CSP } from '../../electron/common/csp.js';
import { readRendererFile } from '../../electron/node/renderer_files.js';
import { startStaticServer } from '../../electron/node/static_server.js';
import type { StaticServer } from '../../electron/node/static_server.js';
import { appProtocolHandler } from '../../electron/main/protocol.js';

let base: string;
let root: string;
let server: StaticServer;

/** A raw request: fetch() would normalise '..' and reject some targets before sending them. */
function raw(port: number, method: string, target: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: target, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'wt-static-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Windtunnel</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'worker-abc.js'), 'postMessage(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'sql-wasm-abc.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(root, '.secret'), 'hidden');
  writeFileSync(join(base, 'outside.txt'), 'outside the root');
  symlinkSync(join(base, 'outside.txt'), join(root, 'escape.txt'));
  symlinkSync(join(root, 'assets', 'index-abc.css'), join(root, 'inside-link.css'));
  server = await startStaticServer({ root, port: 0 });
});

afterAll(async () => {
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

describe('static server (browser fallback)', () => {
  it('listens on 127.0.0.1 and reports its URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves index.html at / with the document CSP', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(DOCUMENT_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Windtunnel</title>');
  });

  it('serves scripts, styles and WebAssembly with their MIME types; scripts carry the worker CSP', async () => {
    const js = await fetch(`${server.url}assets/worker-abc.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(WORKER_CSP);
    const css = await fetch(`${server.url}assets/index-abc.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('content-security-policy')).toBeNull();
    const wasm = await fetch(`${server.url}assets/sql-wasm-abc.wasm?v=1`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it.each([
    ['/../outside.txt', 400],
    ['/assets/../../outside.txt', 400],
    ['/%2e%2e/outside.txt', 400],
    ['/%2e%2e%2foutside.txt', 400],
    ['/..%5coutside.txt', 400],
    ['/.secret', 400],
    ['/escape.txt', 404],
    ['/missing.js', 404],
    ['/assets', 404],
    ['http://example.com/index.html', 400],
  ])('refuses %s (%i) without leaking files outside the root', async (target, status) => {
    const res = await raw(server.port, 'GET', target);
    expect(res.status).toBe(status);
    expect(res.body).not.toContain('outside the root');
    expect(res.body).not.toContain('hidden');
  });

  it('follows symlinks that stay inside the root', async () => {
    const res = await raw(server.port, 'GET', '/inside-link.css');
    expect(res.status).toBe(200);
    expect(res.body).toBe('body{}');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await raw(server.port, 'HEAD', '/');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String('<!doctype html><title>Windtunnel</title>'.length));
    const post = await raw(server.port, 'POST', '/');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers a missing /favicon.ico with 204, not a console-logged 404', async () => {
    expect((await raw(server.port, 'GET', '/favicon.ico')).status).toBe(204);
  });

  it('refuses a Host header naming another site (DNS rebinding)', async () => {
    expect((await raw(server.port, 'GET', '/', 'evil.example:80')).status).toBe(421);
    expect((await raw(server.port, 'GET', '/', `localhost:${server.port}`)).status).toBe(200);
  });

  it('takes another free port when the preferred one is busy', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const busy = (blocker.address() as { port: number }).port;
    const s = await startStaticServer({ root, port: busy });
    try {
      expect(s.port).not.toBe(busy);
      expect((await fetch(s.url)).status).toBe(200);
    } finally {
      await s.close();
      blocker.close();
    }
  });
});

describe('readRendererFile and the app:// protocol handler', () => {
  it('give the same headers as the server', async () => {
    const file = await readRendererFile(root, '/');
    expect(file.status).toBe(200);
    const handler = appProtocolHandler(root);
    const res = await handler(new Request('app://windtunnel/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(DOCUMENT_CSP);
    expect(await res.text()).toContain('Windtunnel');
    const wasm = await handler(new Request('app://windtunnel/assets/sql-wasm-abc.wasm'));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
  });

  it('refuses other hosts, other methods and escapes', async () => {
    const handler = appProtocolHandler(root);
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://windtunnel/', { method: 'POST', body: 'x' }))).status).toBe(404);
    // The URL parser already resolves %2e%2e segments; either way nothing outside the root is read.
    const dots = await handler(new Request('app://windtunnel/%2e%2e/outside.txt'));
    expect(dots.status).not.toBe(200);
    expect(await dots.text()).not.toContain('outside the root');
    expect((await handler(new Request('app://windtunnel/escape.txt'))).status).toBe(404);
  });

  it('returns 404 for a missing root', async () => {
    expect((await readRendererFile(join(base, 'nope'), '/')).status).toBe(404);
  });
});
