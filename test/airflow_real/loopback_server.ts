// A real Airflow on loopback for the end-to-end suites: scripts/airflow-up.mjs --detach on a DAGs folder
// (export-dags of a scenario), a token from its all-admins /auth/token, bounded waits, and airflow:down.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface LoopbackAirflow {
  url: string;
  token: string;
  home: string;
  down(): void;
}

function run(cmd: string, args: string[], timeoutMs: number): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${(r.stderr ?? '').slice(-2000)}${(r.stdout ?? '').slice(-1000)}`);
  return r.stdout;
}

export async function startAirflow(profile: string, dagsDir: string, port: number): Promise<LoopbackAirflow> {
  const home = mkdtempSync(join(tmpdir(), `wt-airflow-up-${profile}-`));
  run('node', ['scripts/airflow-up.mjs', '--profile', profile, '--dags', dagsDir, '--home', home, '--port', String(port), '--detach', '--timeout', '300'], 330_000);
  const down = () => {
    spawnSync('node', ['scripts/airflow-up.mjs', '--down', '--profile', profile, '--home', home], { cwd: ROOT, timeout: 60_000 });
    rmSync(home, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    // The admin user airflow-up.mjs configures (loopback only).
    const r = await fetch(`${url}/auth/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin' }), signal: AbortSignal.timeout(30_000),
    });
    if (r.status !== 201 && r.status !== 200) throw new Error(`POST /auth/token answered ${r.status}: ${await r.text()}`);
    const token = ((await r.json()) as { access_token: string }).access_token;
    return { url, token, home, down };
  } catch (err) {
    down();
    throw err;
  }
}

/** GET url+path as JSON with the token; a bounded request. */
export async function getJson(a: LoopbackAirflow, path: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${a.url}${path}`, { headers: { Authorization: `Bearer ${a.token}` }, signal: AbortSignal.timeout(30_000) });
  const text = await r.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* text */ }
  return { status: r.status, body };
}

/** Polls until `check` is true, every second, at most `timeoutMs`; the error says what it waited for. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`waited ${Math.round(timeoutMs / 1000)} s for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export { run };
