// The CLI as a user runs it: exit codes, stdout/stderr, formats, located validation errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync('node', ['bin/windtunnel.mjs', ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'wt-cli-'));
const file = (name: string, text: string) => { const p = join(tmp, name); writeFileSync(p, text); return p; };

const good = file('good.yaml', `windtunnel: 1
name: good
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-01
    tasks: [{task_id: t}]
`);

describe('windtunnel CLI', () => {
  it('run --format json prints the format-1 document, byte-identical on a second run', () => {
    const a = cli('run', good, '--format', 'json');
    expect(a.status).toBe(0);
    const out = JSON.parse(a.stdout);
    expect(Object.keys(out)).toEqual(['windtunnel', 'scenario', 'airflow', 'seed', 'clock', 'dag_runs', 'task_instances', 'xcoms', 'asset_events', 'event_results', 'log']);
    expect(out.dag_runs.map((r: { run_id: string }) => r.run_id)).toEqual(['scheduled__2025-01-01T00:00:00+00:00', 'scheduled__2025-01-02T00:00:00+00:00']);
    expect(cli('run', good, '--format', 'json').stdout).toBe(a.stdout);
  });

  it('run --format table and csv; --until stops the clock; --out writes a file', () => {
    const table = cli('run', good, '--format', 'table');
    expect(table.stdout.split('\n')[0]).toMatch(/^dag_id\s+run_id\s+run_type/);
    const csv = cli('run', good, '--format', 'csv', '--until', '2025-01-01T12:00:00Z');
    expect(csv.stdout.trim().split('\n')).toHaveLength(2);
    const out = join(tmp, 'out.json');
    expect(cli('run', good, '--out', out).status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).scenario).toBe('good');
  });

  it('validate lists every error as FILE:LINE:COL path: message and exits 1', () => {
    const bad = file('bad.yaml', `windtunnel: 1
name: bad
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-02T00:00:00Z}
dags:
  - dag_id: d
    schedule: "0 0 1 13 0"
    colour: blue
    tasks:
      - {task_id: a, upstream: [b]}
      - {task_id: b, upstream: [a]}
`);
    const r = cli('validate', bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(l).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ `));
    expect(r.stderr).toContain(':6:15 dags[0].schedule: ');
    expect(r.stderr).toContain('out of range');
    expect(r.stderr).toMatch(/:7:5 dags\[0\]\.colour: unknown key/);
    expect(r.stderr).toMatch(/Cycle detected in DAG: d: b -> a -> b/);
    expect(cli('validate', good).status).toBe(0);
  });

  it('usage errors exit 2; unreadable files exit 1', () => {
    expect(cli('run', good, '--format', 'xml').status).toBe(2);
    expect(cli('frobnicate').status).toBe(2);
    const missing = cli('run', join(tmp, 'nope.yaml'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.yaml: cannot read: ENOENT');
  });

  it('lessons lists the built-in lessons and run --lesson runs one', () => {
    const l = cli('lessons');
    expect(l.stdout).toContain('xcom-prior-run');
    const r = cli('run', '--lesson', 'ds-undefined');
    expect(JSON.parse(r.stdout).task_instances.some((t: { error: string | null }) => t.error?.includes("'ds' is undefined"))).toBe(true);
  });

  it('next-runs previews a schedule with DST shifts marked', () => {
    const r = cli('next-runs', '--schedule', '30 2 * * *', '--timezone', 'Europe/Berlin', '--now', '2025-03-28T00:00:00Z', '-n', '3', '--format', 'json');
    const rows = JSON.parse(r.stdout);
    expect(rows.map((x: { run_after: string }) => x.run_after)).toEqual(['2025-03-28T01:30:00Z', '2025-03-29T01:30:00Z', '2025-03-30T01:30:00Z']);
    expect(rows[2]).toMatchObject({ run_after_local: '2025-03-30 03:30+02:00', dst_shift: true });
  });
});

describe('zero-time cycles', () => {
  it('an asset cycle of zero-duration tasks stops with a clear error instead of spinning', () => {
    const cycle = file('cycle.yaml', `windtunnel: 1
name: cycle
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T01:00:00Z}
assets: [{name: a}]
dags:
  - dag_id: loop
    schedule: {assets: [a]}
    start_date: 2025-01-01
    tasks: [{task_id: t, duration: PT0S, outlets: [a]}]
events:
  - at: 2025-01-01T00:10:00Z
    asset_event: {asset: a}
`);
    const started = process.hrtime.bigint();
    const r = cli('run', cycle);
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(30);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/zero-time cycle at 2025-01-01T00:10:00.000Z: \d+ runs of loop created at one instant/);
  });
});
