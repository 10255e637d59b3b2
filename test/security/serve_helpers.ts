// Shared by the test/security/serve_* suites: a `windtunnel serve` HTTP server on 127.0.0.1 over a
// small scenario, and a raw HTTP/1.1 client (node:http refuses to send the malformed targets these
// suites need), bounded by a timeout so a hung server fails the test instead of stalling it.
import { connect } from 'node:net';
import { parseScenario, type Scenario } from '../../core/index.js';
import { LiveSimulation } from '../../cli/serve/live.js';
import { startServer, type RunningServer } from '../../cli/serve/server.js';
import type { RequestBudget } from '../../core/scheduler/request_budget.js';
import type { ConnectionLimits } from '../../cli/serve/connection_guard.js';
import { sqlJs } from '../engine/run_yaml.js';

export const TOKEN = 'security-test-token-0123456789';
export const T0 = Date.UTC(2025, 4, 1, 10, 0, 0);

export const SCENARIO = `
windtunnel: 1
name: served
airflow: "3.1"
clock: {start: 2025-05-01T00:00:00Z, end: 2025-05-02T00:00:00Z}
assets: [{name: model}]
dags:
  - dag_id: inference
    tasks: [{task_id: predict, duration: PT2M}]
  - dag_id: minutely
    schedule: "* * * * *"
    start_date: 2024-01-01
    catchup: false
    tasks: [{task_id: t, duration: PT1S}]
  - dag_id: consumer
    schedule: {assets: [model]}
    tasks: [{task_id: t}]
`;

export function scenarioOf(text: string): Scenario {
  const p = parseScenario(text, 'test.yaml');
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.scenario;
}

export interface Served { srv: RunningServer; live: LiveSimulation; errors: string[] }

export async function serve(opts: { budget?: RequestBudget; connections?: ConnectionLimits; maxBodyBytes?: number; speed?: number; text?: string } = {}): Promise<Served> {
  const live = new LiveSimulation(scenarioOf(opts.text ?? SCENARIO), {
    sql: await sqlJs(), speed: opts.speed ?? 1, start: T0, wallClock: () => performance.now(), budget: opts.budget, instance: 'test',
  });
  const errors: string[] = [];
  const srv = await startServer({
    live, host: '127.0.0.1', port: 0, token: TOKEN, maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024, tickMs: 20, connections: opts.connections,
    errorLog: (l) => errors.push(l),
  });
  return { srv, live, errors };
}

export interface RawAnswer { status: number; headers: Record<string, string>; text: string; json: unknown; ms: number }

/**
 * Send `method target` with exactly these bytes on a fresh connection ("connection: close") and
 * read the whole answer; rejects after `timeoutMs`. A connection closed without an answer is
 * status 0.
 */
export function raw(port: number, method: string, target: string, opts: { token?: string; body?: string | Buffer; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<RawAnswer> {
  const t0 = performance.now();
  const body = opts.body === undefined ? null : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8');
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`, connection: 'close',
    ...(opts.token !== undefined ? { authorization: `Bearer ${opts.token}` } : {}),
    ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
    ...opts.headers,
  };
  const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`no answer to ${method} ${target.slice(0, 80)} within ${opts.timeoutMs ?? 10_000} ms`)); }, opts.timeoutMs ?? 10_000);
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', () => { /* reset by the server: whatever arrived is the answer */ });
    sock.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks).toString('latin1');
      const split = all.indexOf('\r\n\r\n');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(all);
      const hs: Record<string, string> = {};
      for (const line of all.slice(0, split < 0 ? all.length : split).split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) hs[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      const text = split < 0 ? '' : Buffer.from(all.slice(split + 4), 'latin1').toString('utf8');
      let json: unknown = null;
      try { json = JSON.parse(text); } catch { json = null; }
      resolve({ status: m ? Number(m[1]) : 0, headers: hs, text, json, ms: performance.now() - t0 });
    });
    sock.write(head);
    if (body) sock.write(body);
  });
}
