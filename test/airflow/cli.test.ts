// The three commands from the outside: files written, notes on stderr, exit codes, and the
// what-if comparison printed side by side.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type RunOutput } from '../../core/index.js';
import { handleApiRequest } from '../../core/scheduler/rest_api.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import { sqlJs } from '../engine/run_yaml.js';
import { FIXTURES, ROOT, tempDir } from './helpers.js';

function cli(args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'windtunnel.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('windtunnel export-dags', () => {
  it('writes one file per DAG, replay_events.py, its runtime and .airflowignore, and prints what Airflow cannot express', () => {
    const out = tempDir('cli-export');
    const r = cli(['export-dags', join(FIXTURES, 'everything.yaml'), '--out', out]);
    expect(r.status).toBe(0);
    const written = r.stdout.trim().split('\n');
    expect(written).toContain(join(out, 'etl.py'));
    expect(written).toContain(join(out, 'replay_events.py'));
    expect(written).toContain(join(out, 'windtunnel_replay.py'));
    expect(readFileSync(join(out, '.airflowignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['replay_events.py', 'windtunnel_replay.py']));
    expect(r.stderr).toMatch(/note: config.parallelism: 24 is deployment configuration/);
    expect(r.stderr).toMatch(/note: rules.prior_run_order: run_after has no Airflow setting/);
    expect(r.stderr).not.toMatch(/^info:/m);
    const verbose = cli(['export-dags', join(FIXTURES, 'everything.yaml'), '--out', out, '--verbose']);
    expect(verbose.stderr).toMatch(/^info: config.catchup_by_default/m);
  });

  it('exports a lesson; refuses an invalid scenario (exit 1) and a missing --out (exit 2)', () => {
    const out = tempDir('cli-export-lesson');
    expect(cli(['export-dags', '--lesson', 'xcom-prior-run', '--out', out]).status).toBe(0);
    expect(existsSync(join(out, 'daily_model.py'))).toBe(true);
    const bad = join(out, 'bad.yaml');
    writeFileSync(bad, 'windtunnel: 1\nname: bad\nclock: {start: 2025-01-01, end: 2025-01-02}\ndags: [{dag_id: d, schedule: "@dayly"}]\n');
    const r = cli(['export-dags', bad, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad.yaml:4:\d+ dags\[0\].schedule: unknown preset '@dayly'/);
    expect(cli(['export-dags', '--lesson', 'xcom-prior-run']).status).toBe(2);
  });
});

describe('windtunnel import', () => {
  const REAL = `
windtunnel: 1
name: real
clock: {start: 2025-06-01T00:00:00Z, end: 2025-06-05T12:00:00Z}
dags:
  - dag_id: daily
    schedule: "@daily"
    start_date: 2025-05-25
    tasks: [{task_id: work, duration: PT30M}]
events:
  - {at: 2025-06-02T00:00:00Z, pause: daily}
  - {at: 2025-06-04T06:00:00Z, unpause: daily}
`;
  async function savedAnswers(dir: string): Promise<RunOutput> {
    const p = parseScenario(REAL, 'real.yaml');
    if (!p.ok) throw new Error('bad');
    let sim: Simulation | null = null;
    const res = simulate(p.scenario, { sql: await sqlJs(), afterStep: (s) => { sim = s; } });
    const s = sim as unknown as Simulation;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'runs.json'), JSON.stringify(handleApiRequest(s, 'GET', '/api/v2/dags/~/dagRuns?limit=100', undefined).body));
    for (const run of res.output.dag_runs) {
      writeFileSync(join(dir, `tis-${run.logical_date!.slice(0, 10)}.json`), JSON.stringify(handleApiRequest(s, 'GET', `/api/v2/dags/daily/dagRuns/${encodeURIComponent(run.run_id)}/taskInstances`, undefined).body));
    }
    writeFileSync(join(dir, 'notes.txt'), 'ignored: not JSON by name');
    const out = res.output;
    res.close();
    return out;
  }

  it('turns a directory of saved answers into a history the export command renders', async () => {
    const dir = tempDir('cli-import');
    const sim = await savedAnswers(join(dir, 'saved'));
    const r = cli(['import', join(dir, 'saved'), '--out', join(dir, 'history.json'), '--db', join(dir, 'history.sqlite'), '--name', 'prod']);
    expect(r.stderr).toContain(`imported ${sim.dag_runs.length} dag run(s), ${sim.task_instances.length} task instance(s)`);
    expect(r.status).toBe(0);
    const h = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as RunOutput;
    expect(h.scenario).toBe('prod');
    expect(h.dag_runs.map((x) => x.run_id)).toEqual(sim.dag_runs.map((x) => x.run_id));
    expect(readFileSync(join(dir, 'history.sqlite')).subarray(0, 15).toString()).toBe('SQLite format 3');
    const svg = cli(['export', join(dir, 'history.json'), '--svg', join(dir, 'timeline.svg')]);
    expect(svg.status).toBe(0);
    expect(readFileSync(join(dir, 'timeline.svg'), 'utf8')).toContain('<svg');
  });

  it('--what-if prints both run lists and the differences, or writes both JSONs', async () => {
    const dir = tempDir('cli-whatif');
    await savedAnswers(join(dir, 'saved'));
    writeFileSync(join(dir, 'catchup.yaml'), `
windtunnel: 1
name: catchup-on
clock: {start: 2025-06-04T00:00:00Z, end: 2025-06-05T12:00:00Z}
dags:
  - dag_id: daily
    schedule: "@daily"
    start_date: 2025-05-25
    catchup: true
    tasks: [{task_id: work, duration: PT30M}]
`);
    const r = cli(['import', join(dir, 'saved'), '--what-if', join(dir, 'catchup.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('== actual (imported from Airflow)');
    expect(r.stdout).toContain('== what-if (re-simulated)');
    expect(r.stdout).toContain('+ only in what-if: daily scheduled__2025-06-02T00:00:00+00:00');
    expect(r.stdout).toContain('+ only in what-if: daily scheduled__2025-06-03T00:00:00+00:00');
    expect(r.stderr).toMatch(/what-if: carried over from the history: \d+ run\(s\)/);
    const w = cli(['import', join(dir, 'saved'), '--what-if', join(dir, 'catchup.yaml'), '--out', join(dir, 'cmp')]);
    expect(w.status).toBe(0);
    const whatIf = JSON.parse(readFileSync(join(dir, 'cmp', 'what-if.json'), 'utf8')) as RunOutput;
    const actual = JSON.parse(readFileSync(join(dir, 'cmp', 'actual.json'), 'utf8')) as RunOutput;
    expect(whatIf.dag_runs.length).toBeGreaterThan(actual.dag_runs.length);
  });

  it('usage errors exit 2; nothing readable exits 1', () => {
    expect(cli(['import']).status).toBe(2);
    expect(cli(['import', FIXTURES, '--from', '2025-01-01']).status).toBe(2);
    const dir = tempDir('cli-import-empty');
    writeFileSync(join(dir, 'x.json'), '{"detail": "Not authenticated"}');
    const r = cli(['import', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/an error answer, not data/);
  });
});
