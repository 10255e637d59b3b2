// Issue 18, finding 3 (connections): 1,100 idle connections locked every other client out of
// `serve` for ~30 s (Node refused connections past maxConnections and reaped silent ones every
// 30 s). Now a connection past a limit closes the longest-idle one, so a real client always gets
// in. Loopback only, a few seconds.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, serve, TOKEN, type Served } from './serve_helpers.js';

function open(port: number, localAddress = '127.0.0.1', send?: string): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress });
    s.on('error', () => { /* closed by the server: expected for the flood */ });
    s.once('connect', () => { if (send) s.write(send); resolve(s); });
    s.once('close', () => resolve(s));
  });
}

const closed = (s: Socket) => s.destroyed || s.readyState === 'closed';

describe('connection flood (default limits: 1,024 in all, 256 per address)', () => {
  let s: Served;
  const flood: Socket[] = [];
  beforeAll(async () => { s = await serve(); });
  afterAll(async () => { for (const c of flood) c.destroy(); await s.srv.close(); });

  it('1,100 idle connections and 200 half-sent requests do not lock a real client out', async () => {
    for (let i = 0; i < 1100; i += 100) flood.push(...await Promise.all(Array.from({ length: 100 }, () => open(s.srv.port))));
    flood.push(...await Promise.all(Array.from({ length: 200 }, () => open(s.srv.port, '127.0.0.1', 'GET /api/v2/dags HTTP/1.1\r\nHost: 127.0.0.1\r\n'))));
    const t0 = performance.now();
    const a = await raw(s.srv.port, 'GET', '/api/v2/dags', { token: TOKEN, timeoutMs: 5_000 });
    expect(a.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(5_000); // was locked out for ~30 s
    const stats = ((await raw(s.srv.port, 'GET', '/windtunnel/clock', { token: TOKEN })).json as { connections: { open: number; evicted: number } }).connections;
    expect(stats.open).toBeLessThanOrEqual(256);
    expect(stats.evicted).toBeGreaterThan(1000);
  }, 30_000);
});

describe('per-client limit', () => {
  let s: Served;
  const flood: Socket[] = [];
  beforeAll(async () => { s = await serve({ connections: { maxTotal: 40, maxPerAddress: 10 } }); });
  afterAll(async () => { for (const c of flood) c.destroy(); await s.srv.close(); });

  it('a flood from one address closes its own idle connections, not another client\'s', async () => {
    const mine = await open(s.srv.port, '127.0.0.1');
    for (let i = 0; i < 100; i++) flood.push(await open(s.srv.port, '127.0.0.2'));
    await new Promise((r) => setTimeout(r, 100));
    expect(closed(mine)).toBe(false);
    expect(flood.filter((c) => !closed(c)).length).toBeLessThanOrEqual(10);
    // The surviving connection still works.
    const answer = new Promise<string>((resolve) => {
      let got = '';
      mine.on('data', (d) => { got += d; if (got.includes('\r\n\r\n')) resolve(got); });
    });
    mine.write('GET /api/v2/version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await answer).toMatch(/^HTTP\/1\.1 200/);
    mine.destroy();
  });

  it('a connection with a request in flight is never the one closed', async () => {
    // Five busy connections (bodies still coming) and a flood: the busy ones keep their slots.
    const busy: Socket[] = await Promise.all(Array.from({ length: 5 }, () => open(s.srv.port, '127.0.0.3',
      `POST /api/v2/dags/inference/dagRuns HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`)));
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 50; i++) flood.push(await open(s.srv.port, '127.0.0.3'));
    await new Promise((r) => setTimeout(r, 100));
    expect(busy.filter(closed).length).toBe(0);
    for (const b of busy) b.destroy();
  });
});
