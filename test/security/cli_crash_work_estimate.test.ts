// The work estimate: scenarios that would run for hours (or past Node's heap) are refused up front,
// located at the field that drives the work, with --until / a shorter clock / --force as the way on.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateWork, getLesson, listLessons, parseScenario, workBudgetError, WORK_LIMITS } from '../../core/index.js';
import { heapScaledLimits } from '../../cli/work_budget.js';

const tmp = mkdtempSync(join(tmpdir(), 'wt-sec-work-'));
const file = (name: string, text: string) => { const p = join(tmp, name); writeFileSync(p, text); return p; };
const cli = (args: string[], nodeArgs: string[] = []) => spawnSync('node', [...nodeArgs, 'bin/windtunnel.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
const scenarioOf = (text: string) => { const p = parseScenario(text, 's.yaml'); if (!p.ok) throw new Error(JSON.stringify(p.errors)); return p.scenario; };

const FOREVER = `windtunnel: 1
name: forever
clock:
  start: 2025-01-01T00:00:00Z
  end: 9999-01-01T00:00:00Z
dags:
  - dag_id: d
    schedule: "* * * * *"
    start_date: 2025-01-01
    tasks: [{task_id: t}]
`;

/** docs/proof.md's benchmark world: hourly, 10 tasks, catching up from clock.start. */
const hourly = (years: number) => `windtunnel: 1
name: hourly-${years}y
clock: {start: 2025-01-01T00:00:00Z, end: ${2025 + years}-01-01T00:00:00Z}
dags:
  - dag_id: hourly_pipeline
    schedule: "@hourly"
    start_date: 2025-01-01
    catchup: true
    max_active_runs: 4
    tasks:
${Array.from({ length: 10 }, (_, i) => `      - {task_id: t${i}, duration: PT5M${i ? `, upstream: [t${i - 1}]` : ''}}`).join('\n')}
`;

describe('estimateWork', () => {
  it('every lesson is far under the limits', () => {
    for (const l of listLessons()) {
      const s = scenarioOf(getLesson(l.name)!.text);
      const w = estimateWork(s);
      expect(w.runs, l.name).toBeLessThan(1000);
      expect(workBudgetError(s, null, l.name)).toBeNull();
    }
  });

  it('the 10-year hourly benchmark passes (87,649 runs, 876,490 TIs); 100 years does not', () => {
    const ten = estimateWork(scenarioOf(hourly(10)));
    expect(ten.runs).toBeGreaterThan(87_000);
    expect(ten.runs).toBeLessThan(88_500);
    expect(ten.task_instances).toBe(ten.runs * 10);
    expect(ten.runs).toBeLessThan(WORK_LIMITS.runs);
    const hundred = estimateWork(scenarioOf(hourly(100)));
    expect(hundred.runs).toBeGreaterThan(870_000);
    expect(hundred.path).toBe('clock.end');
  });

  it('an every-minute DAG until 9999 is refused at the clock.end line, in milliseconds', () => {
    const t0 = performance.now();
    const err = workBudgetError(scenarioOf(FOREVER), FOREVER, 'forever.yaml');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(err).toMatchObject({ file: 'forever.yaml', line: 5, col: 8, path: 'clock.end' });
    expect(err!.message).toMatch(/^too much work to simulate: about 4,19\d,\d{3},\d{3} dag runs and 4,19\d,\d{3},\d{3} task instances \(the limit is 200,000 runs and 2,000,000 task instances\): dag d \(schedule "\* \* \* \* \*"\) runs until clock\.end 9999-01-01T00:00:00Z; give --until, a shorter clock\.end, or --force to run it anyway$/);
    expect(workBudgetError(scenarioOf(FOREVER), FOREVER, 'forever.yaml', { until: Date.UTC(2025, 0, 2) })).toBeNull();
  });

  it('a DAG paused for the whole clock schedules nothing; an unpause event counts', () => {
    const paused = FOREVER.replace('start_date: 2025-01-01', 'start_date: 2025-01-01\n    paused: true');
    expect(workBudgetError(scenarioOf(paused), paused, 'p.yaml')).toBeNull();
    const unpaused = `${paused}events:\n  - {at: 2025-06-01T00:00:00Z, unpause: d}\n`;
    expect(workBudgetError(scenarioOf(unpaused), unpaused, 'p.yaml')).toMatchObject({ path: 'clock.end' });
  });

  it('a century of catchup is blamed on the start_date', () => {
    const text = FOREVER.replace('end: 9999-01-01T00:00:00Z', 'end: 2025-01-01T01:00:00Z').replace('start_date: 2025-01-01', 'start_date: 1925-01-01\n    catchup: true');
    const err = workBudgetError(scenarioOf(text), text, 'c.yaml');
    expect(err).toMatchObject({ path: 'dags[0].start_date', line: 9 });
    expect(err!.message).toMatch(/catches up from its start_date 1925-01-01T00:00:00Z/);
  });

  it('a TriggerDagRunOperator cycle is bounded by the clock and blamed on the trigger', () => {
    const text = `windtunnel: 1
name: cycle
clock: {start: 2025-01-01T00:00:00Z, end: 2026-01-01T00:00:00Z}
dags:
  - dag_id: a
    schedule: "@once"
    start_date: 2025-01-01
    tasks: [{task_id: go, operator: trigger_dagrun, duration: PT1M, trigger: {dag_id: b}}]
  - dag_id: b
    tasks: [{task_id: go, operator: trigger_dagrun, duration: PT1M, trigger: {dag_id: a}}]
`;
    const w = estimateWork(scenarioOf(text));
    expect(w.runs).toBeGreaterThan(500_000);
    expect(w.path).toMatch(/^dags\[[01]\]\.tasks\[0\]\.trigger\.dag_id$/);
    expect(w.why).toMatch(/cycle of runs that trigger each other/);
  });

  it('many tasks: few runs but millions of task instances', () => {
    const tasks = Array.from({ length: 3000 }, (_, i) => `      - {task_id: t${i}}`).join('\n');
    const text = `windtunnel: 1
name: wide
clock: {start: 2025-01-01T00:00:00Z, end: 2027-01-01T00:00:00Z}
dags:
  - dag_id: d
    schedule: "@daily"
    start_date: 2025-01-01
    tasks:
${tasks}
`;
    const w = estimateWork(scenarioOf(text));
    expect(w.runs).toBeLessThan(1000);
    expect(w.task_instances).toBeGreaterThan(2_000_000);
    expect(workBudgetError(scenarioOf(text), text, 'w.yaml')).not.toBeNull();
  });

  it('limits shrink with the heap', () => {
    expect(heapScaledLimits(64 * 2 ** 20)).toEqual({ runs: 8192, task_instances: 65536 });
    expect(heapScaledLimits(16 * 2 ** 30)).toEqual(WORK_LIMITS);
  });
});

describe('windtunnel run/export/validate/serve refuse, --force overrides', () => {
  const forever = file('forever.yaml', FOREVER);

  it('run: exit 1 with FILE:LINE:COL clock.end and the estimate; --until makes it fine', () => {
    const r = cli(['run', forever]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${forever.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:8 clock\\.end: too much work to simulate: about 4,19`));
    const ok = cli(['run', forever, '--until', '2025-01-01T01:00:00Z', '--format', 'csv']);
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(62); // header + 61 minutes
  });

  it('export refuses the same way; validate says so but exits 0', () => {
    const e = cli(['export', forever, '--csv', join(tmp, 'x.csv')]);
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/:5:8 clock\.end: too much work/);
    const v = cli(['validate', forever]);
    expect(v.status).toBe(0);
    expect(v.stderr).toMatch(/^warning: .*:5:8 clock\.end: too much work/);
    expect(v.stdout).toContain('valid');
  });

  it('--force runs it anyway (with --until kept short by the test), saying so', () => {
    const text = FOREVER.replace('end: 9999-01-01T00:00:00Z', 'end: 2026-01-01T00:00:00Z');
    const f = file('year.yaml', text);
    const r = cli(['run', f, '--force', '--format', 'csv', '--until', '2025-01-01T00:02:00Z']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('100 years hourly under a 64 MB heap: a located refusal, never a V8 abort', () => {
    const f = file('century.yaml', hourly(100));
    const r = cli(['run', f], ['--max-old-space-size=64']);
    expect(r.stderr).not.toMatch(/FATAL ERROR|heap out of memory|Invalid size|Abort/i);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/century\.yaml:3:\d+ clock\.end: too much work to simulate: about 876,\d{3} dag runs/);
    // Two years fit the default heap's limits but not a 64 MB heap's: the limits shrink with the heap.
    const two = file('two-years.yaml', hourly(2));
    expect(cli(['validate', two]).stderr).toBe('');
    const y = cli(['run', two], ['--max-old-space-size=64']);
    expect(y.signal).toBeNull();
    expect(y.status).toBe(1);
    expect(y.stderr).toMatch(/clock\.end: too much work to simulate: about 17,5\d\d dag runs and 175,\d{3} task instances \(the limit is [\d,]+ runs/);
  });

  it('import --what-if refuses the same scenario before re-simulating', () => {
    const saved = file('runs.json', JSON.stringify({ dag_runs: [{ dag_id: 'd', dag_run_id: 'manual__1', run_after: '2024-12-31T00:00:00Z', state: 'success', run_type: 'manual' }], total_entries: 1 }));
    const r = cli(['import', saved, '--what-if', forever]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/forever\.yaml:5:8 clock\.end: too much work to simulate/);
  });

  it('serve refuses a start whose catch-up is too big, before listening', async () => {
    const text = FOREVER.replace('start_date: 2025-01-01', 'start_date: 1990-01-01\n    catchup: true');
    const f = file('serve.yaml', text);
    const child = spawn('node', ['bin/windtunnel.mjs', 'serve', f, '--port', '0', '--start', 'scenario'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(err).toMatch(/serve\.yaml:9:\d+ dags\[0\]\.start_date: too much work to simulate: about 18,\d{3},\d{3} dag runs/);
  });
});
