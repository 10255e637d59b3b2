// The official apache-airflow-client of each 3.x profile (installed in that profile's venv from
// oracle/locks/client-<P>.txt) run through the same calls against a server
// (python -m windtunnel_oracle.client_conformance), and `windtunnel serve --profile P` on the conformance fixture.
// Profile 2 is not here: serve speaks only the REST API v2 of Airflow 3 (docs/real-airflow.md).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { oraclePython } from '../../cli/airflow/oracle_process.js';
import { ROOT } from './loopback_server.js';

export const CLIENT_PROFILES = ['3.0', '3.1', '3.2', '3.3'] as const;
export type ClientProfile = (typeof CLIENT_PROFILES)[number];
export const CLIENT_FIXTURE = join(ROOT, 'test', 'airflow_real', 'fixtures', 'client.yaml');
/** What the profile's real api-server answered (written by client_conformance.real.ts). */
export const realRecord = (profile: ClientProfile): string => join(ROOT, 'test', 'airflow_real', 'fixtures', `client-real-${profile}.json`);

export interface CallRecord { name: string; status: number | string; fields: Record<string, unknown> }

/** The client's version in the profile's venv, or why it cannot be imported (npm run oracle:setup installs it). */
export function clientVersion(profile: ClientProfile): { ok: true; version: string } | { ok: false; why: string } {
  const r = spawnSync(oraclePython(profile), ['-c', 'import airflow_client.client as c; print(c.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? { ok: true, version: r.stdout.trim() } : { ok: false, why: (r.stderr || r.error?.message || '').trim().split('\n').slice(-1)[0] };
}

export function runClientCalls(profile: ClientProfile, baseUrl: string, token: string): CallRecord[] {
  const r = spawnSync(oraclePython(profile), ['-m', 'windtunnel_oracle.client_conformance', '--base-url', baseUrl, '--token', token], { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`client conformance run failed: ${(r.stderr ?? r.error?.message ?? '').slice(-2000)}`);
  return (JSON.parse(r.stdout) as { calls: CallRecord[] }).calls;
}

/** `windtunnel serve` on the fixture at `port`, with a fixed token; resolves once it listens. */
export async function startServe(profile: ClientProfile, port: number, token: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'windtunnel.mjs'), 'serve', CLIENT_FIXTURE, '--profile', profile, '--port', String(port)], {
    cwd: ROOT, env: { ...process.env, WINDTUNNEL_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/v2/version`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline || child.exitCode !== null) { child.kill('SIGKILL'); throw new Error('windtunnel serve did not start within 60 s'); }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    stop: () => new Promise<void>((res) => {
      if (child.exitCode !== null) return res();
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => { clearTimeout(t); res(); });
      child.kill('SIGTERM');
    }),
  };
}

/** Calls whose status or fields differ, as readable lines. */
export function callDifferences(a: CallRecord[], b: CallRecord[], names: [string, string]): string[] {
  const out: string[] = [];
  const byName = new Map(b.map((c) => [c.name, c]));
  for (const c of a) {
    const o = byName.get(c.name);
    if (!o) { out.push(`${c.name}: missing in ${names[1]}`); continue; }
    if (c.status !== o.status) out.push(`${c.name}: status ${names[0]} ${c.status}, ${names[1]} ${o.status}`);
    else if (JSON.stringify(c.fields) !== JSON.stringify(o.fields)) out.push(`${c.name}: fields ${names[0]} ${JSON.stringify(c.fields)}, ${names[1]} ${JSON.stringify(o.fields)}`);
  }
  return out;
}
