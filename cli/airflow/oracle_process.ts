// The real-Airflow oracle as a child process: `oracle/.venvs/<P>/bin/python -m windtunnel_oracle serve`
// (JSON lines), so a test pays Airflow's import once per profile. replay() writes the oracle input
// (DAG files + scenario.json) into a temp folder itself, sends it, and waits with a bounded timeout.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunOutput } from '../../core/index.js';
import { loadSql } from '../load.js';
import { oracleInputFiles, writeOracleInput } from './oracle_input.js';

/** The oracle's output: `run --format json` without the log, plus the installed Airflow's version. */
export type OracleOutput = Omit<RunOutput, 'log'> & { airflow_version: string };

export interface OracleReplay {
  airflowVersion: string;
  output: OracleOutput;
}

export interface Oracle {
  readonly profile: string;
  readonly airflowVersion: string;
  replay(scenarioFile: string, opts?: { profileOverride?: string; timeoutMs?: number }): Promise<OracleReplay>;
  close(): Promise<void>;
}

export const SETUP_HINT = 'run `npm run oracle:setup`';
const START_TIMEOUT_MS = 120_000;
const REPLAY_TIMEOUT_MS = 600_000;

function repoRoot(): string {
  // cli/airflow/ in the sources, dist/ in the bundle: walk up to the folder holding oracle/.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'oracle', 'pyproject.toml'))) return dir;
    dir = dirname(dir);
  }
  return resolve('.');
}

export function oraclePython(profile: string): string {
  return join(repoRoot(), 'oracle', '.venvs', profile, 'bin', 'python');
}

/** Whether the profile's oracle environment exists; the message says how to make it. */
export function oracleAvailable(profile: string): { ok: true } | { ok: false; message: string } {
  const python = oraclePython(profile);
  if (!existsSync(python)) return { ok: false, message: `the Airflow oracle for profile ${profile} is not installed (${python} is missing): ${SETUP_HINT}` };
  return { ok: true };
}

function timeout<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${Math.round(ms / 1000)} s`)), ms); }),
  ]);
}

export async function openOracle(profile: string): Promise<Oracle> {
  const available = oracleAvailable(profile);
  if (!available.ok) throw new Error(available.message);
  const child: ChildProcessWithoutNullStreams = spawn(oraclePython(profile), ['-m', 'windtunnel_oracle', 'serve'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => { stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000); });
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  let ready: ((v: Record<string, unknown>) => void) | null = null;
  let readyFail: ((e: Error) => void) | null = null;
  const readyPromise = new Promise<Record<string, unknown>>((res, rej) => { ready = res; readyFail = rej; });
  let exited: Error | null = null;
  child.on('exit', (code, signal) => {
    exited = new Error(`the Airflow ${profile} oracle exited (${signal ?? `code ${code}`}): ${stderrTail.trim().split('\n').slice(-3).join(' | ')}`);
    readyFail?.(exited);
    for (const p of pending.values()) p.reject(exited);
    pending.clear();
  });
  child.on('error', (err) => { exited = err; readyFail?.(err); });
  createInterface({ input: child.stdout }).on('line', (line) => {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not a protocol line
    }
    if (msg.id === null || msg.id === undefined) {
      if (msg.ready) ready?.(msg);
      else readyFail?.(new Error(`the Airflow ${profile} oracle failed to start: ${String(msg.error)}`));
      return;
    }
    const p = pending.get(msg.id as number);
    if (p) { pending.delete(msg.id as number); p.resolve(msg); }
  });
  let hello: Record<string, unknown>;
  try {
    hello = await timeout(START_TIMEOUT_MS, `starting the Airflow ${profile} oracle`, readyPromise);
  } catch (err) {
    child.kill();
    throw err;
  }
  const airflowVersion = String(hello.airflow_version);
  let nextId = 1;

  return {
    profile,
    airflowVersion,
    async replay(scenarioFile, opts = {}) {
      if (exited) throw exited;
      const input = oracleInputFiles(readFileSync(scenarioFile, 'utf8'), scenarioFile, opts.profileOverride, await loadSql());
      if (!input.ok) throw new Error(input.message);
      const dir = mkdtempSync(join(tmpdir(), 'wt-oracle-input-'));
      try {
        writeOracleInput(dir, input.files);
        const id = nextId++;
        const answer = new Promise<Record<string, unknown>>((res, rej) => pending.set(id, { resolve: res, reject: rej }));
        child.stdin.write(`${JSON.stringify({ id, replay: dir })}\n`);
        const msg = await timeout(opts.timeoutMs ?? REPLAY_TIMEOUT_MS, `replaying ${scenarioFile} on Airflow ${airflowVersion}`, answer)
          .catch((err: Error) => { pending.delete(id); throw err; });
        if (msg.error !== undefined) throw new Error(`Airflow ${airflowVersion} oracle: ${String(msg.error)}`);
        return { airflowVersion, output: msg.output as OracleOutput };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async close() {
      if (exited) return;
      const done = new Promise<void>((res) => child.once('exit', () => res()));
      child.stdin.end();
      await timeout(10_000, 'closing the oracle', done).catch(() => { child.kill('SIGKILL'); });
    },
  };
}
