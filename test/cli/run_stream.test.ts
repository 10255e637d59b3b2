// `run --format json` streams: two years hourly with 10 tasks (17,521 runs, 175,210 task
// instances, ~580,000 log lines, ~230 MB of JSON) comes out of the CLI, on stdout and with --out,
// as exactly the bytes of runOutputJson(output) computed in-process.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOutputJson } from '../../core/export/json.js';
import { runYaml } from '../engine/run_yaml.js';

const tasks = [
  ['extract', [], 'PT5M'], ['validate', ['extract'], 'PT2M'], ['clean', ['validate'], 'PT4M'],
  ['features_a', ['clean'], 'PT6M'], ['features_b', ['clean'], 'PT3M'], ['join', ['features_a', 'features_b'], 'PT2M'],
  ['train', ['join'], 'PT10M'], ['evaluate', ['train'], 'PT3M'], ['publish', ['evaluate'], 'PT1M'], ['notify', ['publish'], 'PT1M'],
] as const;
const yaml = `windtunnel: 1
name: stream-2y
clock: {start: 2025-01-01T00:00:00Z, end: 2027-01-01T00:00:00Z}
dags:
  - dag_id: hourly_pipeline
    schedule: "@hourly"
    start_date: 2025-01-01T00:00:00Z
    catchup: true
    max_active_runs: 4
    tasks:
${tasks.map(([id, up, d]) => `      - {task_id: ${id}, duration: ${d}${up.length ? `, upstream: [${up.join(', ')}]` : ''}}`).join('\n')}
`;

/** Run the CLI, hashing stdout as it arrives (never holding it). */
function cliHash(args: string[]): Promise<{ status: number | null; sha: string; bytes: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['bin/windtunnel.mjs', ...args]);
    const h = createHash('sha256');
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { h.update(b); bytes += b.length; });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, sha: h.digest('hex'), bytes, stderr }));
  });
}

function fileHash(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (b) => h.update(b)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}

describe('run --format json streams a large output', () => {
  it('2 years hourly: stdout and --out are the bytes of runOutputJson', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-stream-'));
    const file = join(dir, 'two-years.yaml');
    const out = join(dir, 'two-years.json');
    writeFileSync(file, yaml);
    const viaStdout = cliHash(['run', file, '--format', 'json']);
    const viaFile = cliHash(['run', file, '--format', 'json', '--out', out]);

    const r = await runYaml(yaml);
    expect(r.outputStream.task_instances.length).toBe(175_210);
    const text = runOutputJson(r.output);
    r.close();
    const expected = { sha: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
    expect(expected.bytes).toBeGreaterThan(200_000_000);

    const a = await viaStdout;
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect({ sha: a.sha, bytes: a.bytes }).toEqual(expected);
    const b = await viaFile;
    expect(b.status).toBe(0);
    expect(b.bytes).toBe(0);
    expect(await fileHash(out)).toBe(expected.sha);
  }, 240_000);
});
