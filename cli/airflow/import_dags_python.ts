// Runs `python -m windtunnel_oracle.import_dags DIR` in the profile's venv (the real Airflow reads the
// folder) and returns its JSON answer. Bounded: a folder whose DAG files hang at import is killed.
import { spawn } from 'node:child_process';
import { oracleAvailable, oraclePython } from './oracle_process.js';
import type { ImportAnswer } from './import_dags_scenario.js';

export const IMPORT_TIMEOUT_MS = 600_000;
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

export interface ReadOptions { profile: string; name: string; timeoutMs?: number }

export async function readDagFolder(folder: string, opts: ReadOptions): Promise<ImportAnswer> {
  return (await readDagFolders([folder], opts))[0];
}

/** Several folders in one Python process (Airflow's import is the slow part); answers in folder order. */
export function readDagFolders(folders: string[], opts: ReadOptions): Promise<ImportAnswer[]> {
  const folder = folders.join(', ');
  const available = oracleAvailable(opts.profile);
  if (!available.ok) return Promise.reject(new Error(available.message));
  const timeoutMs = opts.timeoutMs ?? IMPORT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(oraclePython(opts.profile), ['-m', 'windtunnel_oracle.import_dags', ...folders, '--name', opts.name, '--profile', opts.profile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    const out: Buffer[] = [];
    let size = 0;
    let stderrTail = '';
    let failure: Error | null = null;
    const timer = setTimeout(() => {
      failure = new Error(`reading ${folder} with Airflow ${opts.profile}: no answer within ${Math.round(timeoutMs / 1000)} s (a DAG file may hang at import; see --timeout)`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) { failure = new Error(`the import answer exceeds ${MAX_ANSWER_BYTES} bytes`); child.kill('SIGKILL'); return; }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => { stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000); });
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      const lines = Buffer.concat(out).toString('utf8').split('\n').filter((l) => l.startsWith('{'));
      const answers: Array<Record<string, unknown>> = [];
      for (const line of lines) {
        try {
          answers.push(JSON.parse(line) as Record<string, unknown>);
        } catch { /* not an answer line */ }
      }
      if (answers.length !== folders.length) {
        const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
        return reject(new Error(`Airflow ${opts.profile} could not read ${folder} (${signal ?? `exit ${code}`}): ${tail || 'no output'}`));
      }
      const failed = answers.find((a) => typeof a.error === 'string');
      if (failed) return reject(new Error(`Airflow ${opts.profile}: ${String(failed.error)}`));
      resolve(answers as unknown as ImportAnswer[]);
    });
  });
}
