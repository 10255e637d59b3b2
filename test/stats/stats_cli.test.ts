// `windtunnel stats` and `export --stats`: formats, what-if side by side (on a scenario and on an
// imported history), and located refusals of bad input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync('node', ['bin/windtunnel.mjs', ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'wt-stats-'));
const SCENARIO = join(dir, 'two-wait.yaml');
writeFileSync(SCENARIO, `windtunnel: 1
name: two-wait
pools: {one: 1}
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T02:00:00Z}
dags:
  - dag_id: a
    schedule: "*/30 * * * *"
    start_date: 2025-01-01
    tasks:
      - {task_id: t, duration: PT40M, pool: one}
`);

describe('windtunnel stats', () => {
  it('table: the headline figures of each pool and the total', () => {
    const r = cli('stats', SCENARIO);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^two-wait: 2025-01-01T00:00:00Z … 2025-01-01T02:00:00Z, buckets of PT1M/);
    expect(r.stdout).toMatch(/pool one\s+slots\s+1\n/);
    expect(r.stdout).toMatch(/pool one\s+slots used, peak\s+1\n/);
  }, 60_000);

  it('json and csv agree, with --bucket', () => {
    const j = JSON.parse(cli('stats', SCENARIO, '--format', 'json', '--bucket', 'PT30M').stdout);
    expect(j.bucket).toBe('PT30M');
    expect(j.times).toHaveLength(4);
    const csv = cli('stats', SCENARIO, '--format', 'csv', '--bucket', 'PT30M').stdout.trim().split('\n');
    expect(csv).toHaveLength(5);
    const header = csv[0].split(',');
    const col = header.indexOf('one_used_mean');
    expect(csv.slice(1).map((l) => Number(l.split(',')[col]))).toEqual(j.pools.find((p: { pool: string }) => p.pool === 'one').used.mean);
  }, 60_000);

  it('--what-if prints before, after and the change', () => {
    const r = cli('stats', SCENARIO, '--what-if', 'pool one=2', '--format', 'csv');
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['scope', 'figure', 'unit', 'before', 'after', 'change']);
    expect(rows.find((x) => x[0] === 'pool one' && x[1] === 'slots')).toEqual(['pool one', 'slots', '', '1', '2', '+1']);
    // 40-minute tries every 30 minutes: with one slot each waits; with two none does.
    const maxDelay = rows.find((x) => x[0] === 'total' && x[1] === 'task delay max')!;
    expect(Number(maxDelay[3])).toBeGreaterThan(0);
    expect(maxDelay[4]).toBe('0');
  }, 60_000);

  it('--what-if on an imported history re-simulates the scenario it implies', () => {
    const history = join(dir, 'history.json');
    expect(cli('run', SCENARIO, '--format', 'json', '--out', history).status).toBe(0);
    const r = cli('stats', history, '--what-if', 'add-dags 3', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const w = JSON.parse(r.stdout);
    expect(w.changes).toEqual(['add-dags 3']);
    expect(w.after.dags.length).toBe(w.before.dags.length + 3);
    expect(w.notes[0]).toMatch(/re-simulated from its cut/);
  }, 60_000);

  it('refuses bad input with the reason, exit 2', () => {
    const bad = (args: string[], re: RegExp) => { const r = cli(...args); expect(r.status, r.stderr).toBe(2); expect(r.stderr).toMatch(re); };
    bad(['stats', SCENARIO, '--format', 'xml'], /--format must be table, json or csv/);
    bad(['stats', SCENARIO, '--what-if', 'more slots'], /what-if 'more slots': expected 'pool NAME=SLOTS'/);
    bad(['stats', SCENARIO, '--bucket', 'P1M'], /--bucket: 'P1M' has months/);
    bad(['stats', SCENARIO, '--bucket', 'PT0.5S'], /--bucket: 'PT0.5S' is shorter than a second/);
  }, 60_000);

  it('export --stats writes what stats --format json prints', () => {
    const out = join(dir, 'stats.json');
    expect(cli('export', SCENARIO, '--stats', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(cli('stats', SCENARIO, '--format', 'json').stdout);
  }, 60_000);
});
