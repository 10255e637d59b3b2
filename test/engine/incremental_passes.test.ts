// Issue 17: a pass looks only at the running runs and DAGs something happened to (state/run_scan.ts,
// state/dag_visits.ts) and keeps concurrency counts as task instances start and stop
// (state/slots_in_use.ts). The structures are checked alone, and a whole simulation is checked
// against what a full rescan on every pass would show: every examined run stamped with the last
// pass's instant, and what Airflow's REST API answers for it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, simulate, formatError } from '../../core/index.js';
import { TimedQueue } from '../../core/util/timed_queue.js';
import { RunScan, lastSchedulingDecision } from '../../core/scheduler/state/run_scan.js';
import { DagVisits } from '../../core/scheduler/state/dag_visits.js';
import { SlotsInUse } from '../../core/scheduler/state/slots_in_use.js';
import type { DagRecord, RunRecord, TaskInstanceRecord } from '../../core/scheduler/state/records.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import { sqlJs } from './run_yaml.js';

describe('TimedQueue', () => {
  it('hands back what is due, by time then insertion, and keeps the rest', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), fc.integer({ min: 0, max: 20 }), (ats, now) => {
      const q = new TimedQueue<number>();
      ats.forEach((at, i) => q.push(at, i));
      const due: number[] = [];
      q.popDue(now, (i) => due.push(i));
      const expected = ats.map((at, i) => [at, i]).filter(([at]) => at <= now).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
      expect(due).toEqual(expected);
      expect(q.size).toBe(ats.length - expected.length);
    }));
  });
});

/** A run as far as RunScan reads it. */
function fakeRun(dag: Partial<DagRecord>, fields: Partial<RunRecord> = {}): RunRecord {
  return {
    state: 'running', run_after: 0, logical_date: null, start_date: 0, settled: true, last_scheduling_decision: null,
    dag: { paused: false, active: new Set(), spec: { dagrun_timeout_ms: null }, ...dag } as unknown as DagRecord,
    ...fields,
  } as RunRecord;
}

function pass(scan: RunScan, now: number, visit: (r: RunRecord) => void = () => {}): RunRecord[] {
  const seen: RunRecord[] = [];
  scan.beginPass(now);
  for (let r = scan.next(); r; r = scan.next()) {
    seen.push(r);
    visit(r);
    r.last_scheduling_decision = now; // what scheduleRun does
    scan.after(r, now);
  }
  scan.endPass();
  return seen;
}

describe('RunScan', () => {
  it('visits woken runs in the order they started; a settled run goes quiet and follows the pass clock', () => {
    const scan = new RunScan();
    const [a, b, c] = [fakeRun({}), fakeRun({}), fakeRun({})];
    for (const r of [b, a, c]) r.dag.active.add(r);
    scan.started(b); scan.started(a); scan.started(c);
    expect(pass(scan, 10)).toEqual([b, a, c]);
    expect(pass(scan, 20)).toEqual([]);
    expect([a, b, c].map(lastSchedulingDecision)).toEqual([20, 20, 20]);
    scan.wake(c); scan.wake(b);
    expect(c.last_scheduling_decision).toBe(20); // written down when woken
    expect(pass(scan, 30)).toEqual([b, c]);
    expect(lastSchedulingDecision(a)).toBe(30);
  });

  it('a run woken behind the pass waits for the next pass; one ahead is visited in this one', () => {
    const scan = new RunScan();
    const [a, b, c] = [fakeRun({}), fakeRun({}), fakeRun({})];
    scan.started(a); scan.started(b); scan.started(c);
    pass(scan, 0);
    scan.wake(b);
    // While visiting b, a (behind) and c (ahead) change.
    expect(pass(scan, 5, (r) => { if (r === b) { scan.wake(a); scan.wake(c); } })).toEqual([b, c]);
    expect(a.last_scheduling_decision).toBe(5); // the pass went past it at 5
    expect(pass(scan, 5)).toEqual([a]);
  });

  it('a quiet run paused ahead of the pass keeps the previous pass as its last decision', () => {
    const scan = new RunScan();
    const [a, c] = [fakeRun({ active: new Set() }), fakeRun({ active: new Set() })];
    a.dag.active.add(a); c.dag.active.add(c);
    scan.started(a); scan.started(c);
    pass(scan, 0);
    scan.wake(a);
    // Visiting a pauses c's DAG (max_consecutive_failed_dag_runs): the pass never reaches c.
    pass(scan, 5, (r) => { if (r === a) { c.dag.paused = true; scan.pauseChanged(c.dag); } });
    expect(lastSchedulingDecision(c)).toBe(0);
    expect(lastSchedulingDecision(a)).toBe(5);
  });

  it('an unsettled run is visited every pass; a paused one stops following the clock until unpaused', () => {
    const scan = new RunScan();
    const dag: Partial<DagRecord> = { active: new Set() };
    const r = fakeRun(dag, { settled: false });
    r.dag.active.add(r);
    scan.started(r);
    expect(pass(scan, 1)).toEqual([r]);
    expect(pass(scan, 2)).toEqual([r]);
    r.settled = true;
    expect(pass(scan, 3)).toEqual([r]);
    expect(pass(scan, 4)).toEqual([]);
    r.dag.paused = true;
    scan.pauseChanged(r.dag);
    pass(scan, 5);
    expect(lastSchedulingDecision(r)).toBe(4);
    r.dag.paused = false;
    scan.pauseChanged(r.dag);
    expect(pass(scan, 6)).toEqual([r]);
  });

  it('a quiet run with a dagrun_timeout is visited again when it is reached', () => {
    const scan = new RunScan();
    const r = fakeRun({ spec: { dagrun_timeout_ms: 100 } as DagRecord['spec'] }, { start_date: 0 });
    scan.started(r);
    expect(pass(scan, 0)).toEqual([r]);
    expect(pass(scan, 99)).toEqual([]);
    expect(pass(scan, 100)).toEqual([r]);
  });
});

describe('DagVisits', () => {
  const dags = ['a', 'b', 'c'].map((id) => ({ spec: { dag_id: id } }) as unknown as DagRecord);
  it('looks at every DAG first, in file order; then only kept ones, changed ones and those whose time came', () => {
    const v = new DagVisits(dags);
    expect(v.forCreate(0)).toEqual(dags);
    v.parkUntil(dags[0], 50);
    v.parkUntil(dags[1], null);
    v.keep(dags[2]);
    expect(v.forCreate(10)).toEqual([dags[2]]);
    v.parkUntil(dags[2], null);
    expect(v.forCreate(20)).toEqual([]);
    v.runChanged({ dag: dags[1], state: 'running', run_after: 0 } as RunRecord, 30);
    expect(v.forCreate(30)).toEqual([dags[1]]);
    v.parkUntil(dags[1], null);
    expect(v.forCreate(50)).toEqual([dags[0]]);
  });

  it('queued runs: the DAGs whose runs changed, and those whose queued run_after came', () => {
    const v = new DagVisits(dags);
    v.runChanged({ dag: dags[2], state: 'queued', run_after: 100 } as RunRecord, 0);
    expect([...v.forStart(0)]).toEqual([dags[2]]);
    expect([...v.forStart(99)]).toEqual([]);
    expect([...v.forStart(100)]).toEqual([dags[2]]);
    v.pauseChanged(dags[0]);
    expect([...v.forStart(100)]).toEqual([dags[0]]);
  });
});

describe('SlotsInUse', () => {
  it('counts what running task instances hold per limit and forgets what reaches zero', () => {
    const dag = { spec: { dag_id: 'd' } };
    const run = { dag } as unknown as RunRecord;
    const ti = (index: number, pool: string, slots: number) => ({ run, index, task: { task_id: `t${index}`, pool, pool_slots: slots, max_active_tis_per_dag: 1, max_active_tis_per_dagrun: 1 } }) as unknown as TaskInstanceRecord;
    const [x, y] = [ti(0, 'p', 2), ti(1, 'p', 1)];
    const u = new SlotsInUse();
    u.change(x, 1); u.change(y, 1);
    expect([u.pool('p'), u.inRun(run), u.inDag('d'), u.ofTaskInDag(x), u.ofTaskInRun(y)]).toEqual([3, 2, 2, 1, 1]);
    u.change(x, -1);
    expect([u.pool('p'), u.inRun(run), u.ofTaskInDag(x), u.ofTaskInRun(x)]).toEqual([1, 1, 0, 0]);
    u.change(y, -1);
    expect([u.pool('p'), u.inRun(run), u.inDag('d')]).toEqual([0, 0, 0]);
  });
});

// Several DAGs, a pause and an unpause, a dagrun_timeout, depends_on_past, a clear and a mark, and
// REST reads of a run between them.
const WORLD = `
windtunnel: 1
name: incremental-passes
config: {parallelism: 3}
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
dags:
  - dag_id: fast
    schedule: "*/15 * * * *"
    start_date: 2024-12-31
    tasks:
      - {task_id: a, duration: PT4M}
      - {task_id: b, duration: PT7M, upstream: [a]}
  - dag_id: slow
    schedule: "@hourly"
    start_date: 2024-12-31
    dagrun_timeout: PT50M
    tasks:
      - {task_id: long, duration: PT40M}
      - {task_id: after, duration: PT20M, upstream: [long]}
  - dag_id: past
    schedule: "0 */2 * * *"
    start_date: 2024-12-31
    tasks:
      - {task_id: p, duration: PT30M, depends_on_past: true}
events:
  - at: 2025-01-01T00:20:00Z
    api: {method: GET, path: /api/v2/dags/slow/dagRuns/scheduled__2025-01-01T00:00:00+00:00}
  - at: 2025-01-01T01:10:00Z
    pause: slow
  - at: 2025-01-01T01:30:00Z
    api: {method: GET, path: /api/v2/dags/slow/dagRuns/scheduled__2025-01-01T01:00:00+00:00}
  - at: 2025-01-01T02:05:00Z
    unpause: slow
  - at: 2025-01-01T02:40:00Z
    clear: {dag_id: fast, run_id: "scheduled__2025-01-01T02:00:00+00:00", task_ids: [a], downstream: true}
  - at: 2025-01-01T03:05:00Z
    mark: {dag_id: fast, run_id: "scheduled__2025-01-01T03:00:00+00:00", state: failed}
`;

describe('a simulation with quiet runs and parked DAGs', () => {
  it('every examined running run shows the last pass as last_scheduling_decision, as a full rescan stamps it', async () => {
    const parsed = parseScenario(WORLD, 'world.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.map(formatError).join('\n'));
    let checked = 0;
    const steps: number[] = [];
    const lastUnpaused = new Map<RunRecord, number>();
    const r = simulate(parsed.scenario, {
      sql: await sqlJs(),
      afterStep: (sim: Simulation) => {
        steps.push(sim.now);
        for (const run of sim.runningRuns) {
          const examined = !run.dag.paused && run.run_after <= sim.now;
          if (examined) { expect(lastSchedulingDecision(run)).toBe(sim.now); lastUnpaused.set(run, sim.now); checked++; }
          else if (lastUnpaused.has(run)) expect(lastSchedulingDecision(run)).toBe(lastUnpaused.get(run));
        }
      },
    });
    const out = r.output;
    r.close();
    expect(checked).toBeGreaterThan(50);
    const [atStart, whilePaused] = out.event_results.filter((e) => e.kind === 'api').map((e) => (e.response as { last_scheduling_decision?: string }).last_scheduling_decision);
    // 00:20: stamped at the step before (events come before the pass); 01:30: at the last step before the 01:10 pause.
    const before = (t: string) => new Date(Math.max(...steps.filter((s) => s < Date.parse(t)))).toISOString().replace('.000Z', 'Z');
    expect(atStart?.replace('+00:00', 'Z')).toBe(before('2025-01-01T00:20:00Z'));
    expect(whilePaused?.replace('+00:00', 'Z')).toBe(before('2025-01-01T01:10:00Z'));
    // The timeout, the clear and the mark took effect.
    expect(out.log.some((l) => l.kind === 'dag_run.failed' && l.why.startsWith('dagrun_timeout'))).toBe(true);
    expect(out.dag_runs.find((d) => d.run_id === 'scheduled__2025-01-01T03:00:00+00:00' && d.dag_id === 'fast')?.state).toBe('failed');
  });
});
