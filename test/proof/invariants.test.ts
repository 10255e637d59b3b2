// The invariant checker itself: it stays silent on correct simulations (every built-in lesson) and
// speaks up, naming the rule, when a simulation is tampered with mid-run in each way it guards.
import { describe, expect, test } from 'vitest';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { formatError, getLesson, listLessons, parseScenario, simulate } from '../../core/index.js';
import { checkFinalInvariants, checkInvariants } from '../../core/scheduler/invariants.js';
import type { Simulation } from '../../core/scheduler/simulation.js';
import type { RunRecord } from '../../core/scheduler/state/records.js';

let sqlP: Promise<SqlJsStatic> | null = null;
const sqlJs = () => (sqlP ??= initSqlJs());

function parse(yaml: string) {
  const p = parseScenario(yaml, 't.yaml');
  if (!p.ok) throw new Error(p.errors.map(formatError).join('\n'));
  return p.scenario;
}

/** Run with the checker after every step; return every violation (the run goes on). */
async function violationsOf(yaml: string): Promise<string[]> {
  const all: string[] = [];
  let sim: Simulation | null = null;
  const r = simulate(parse(yaml), { sql: await sqlJs(), afterStep: (s) => { sim = s; all.push(...checkInvariants(s)); } });
  all.push(...checkFinalInvariants(sim!));
  r.close();
  return all;
}

class Stop extends Error {}

/** Run cleanly up to `at`, then tamper with the state and return what the checker says there. */
async function afterTamper(yaml: string, at: string, tamper: (sim: Simulation) => void): Promise<string[]> {
  const when = Date.parse(at);
  let found: string[] | null = null;
  let simRef: Simulation | null = null;
  try {
    simulate(parse(yaml), {
      sql: await sqlJs(),
      afterStep: (sim) => {
        simRef = sim;
        if (sim.now < when) {
          expect(checkInvariants(sim)).toEqual([]);
          return;
        }
        tamper(sim);
        found = checkInvariants(sim);
        throw new Stop();
      },
    });
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  (simRef as Simulation | null)?.db.close();
  if (found === null) throw new Error(`the simulation never reached ${at}`);
  return found;
}

const HOURLY = `
windtunnel: 1
name: inv
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T06:00:00Z}
pools: {gpu: 1}
dags:
  - dag_id: d
    schedule: "@hourly"
    start_date: 2025-01-01
    max_active_runs: 2
    tasks:
      - {task_id: a, duration: PT20M}
      - {task_id: b, upstream: [a], duration: PT20M, pool: gpu, depends_on_past: true}
      - {task_id: c, upstream: [b], duration: PT10M}
events:
  - {at: 2025-01-01T01:30:00Z, trigger: {dag_id: d, logical_date: null}}
  - {at: 2025-01-01T02:10:00Z, trigger: {dag_id: nope}}
`;

const runOf = (sim: Simulation, i = 0): RunRecord => sim.dags.get('d')!.runs[i];
const rulesIn = (v: string[]) => [...new Set(v.map((x) => /\] ([^:]+):/.exec(x)?.[1]))];

describe('the invariant checker is silent on correct simulations', () => {
  test.each(listLessons().map((l) => l.name))('lesson %s', async (name) => {
    expect(await violationsOf(getLesson(name)!.text)).toEqual([]);
  });

  test('the tamper scenario itself', async () => {
    expect(await violationsOf(HOURLY)).toEqual([]);
  });
});

describe('the invariant checker catches', () => {
  test('two runs with one logical_date', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:00:00Z', (sim) => {
      const r = runOf(sim);
      const twin: RunRecord = { ...r, id: 9999, run_id: 'twin', tis: [] };
      r.dag.runs.push(twin);
      sim.runsInOrder.push(twin);
    });
    expect(rulesIn(v)).toContain('one run per logical_date');
  });

  test('a duplicate run_id', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:00:00Z', (sim) => {
      const r = runOf(sim);
      const twin: RunRecord = { ...r, id: 9999, logical_date: null, tis: [] };
      r.dag.runs.push(twin);
      sim.runsInOrder.push(twin);
    });
    expect(rulesIn(v)).toContain('run_id unique');
  });

  test('time going backwards', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:00:00Z', (sim) => { sim.now -= 3 * 3_600_000; });
    expect(rulesIn(v)).toContain('time');
  });

  test('more running task instances than pool slots', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:00:00Z', (sim) => {
      // b of the 01:00 run already runs in the 1-slot pool gpu; start b of the 02:00 run too.
      const ti = sim.dags.get('d')!.runs.find((r) => r.run_id === 'scheduled__2025-01-01T02:00:00+00:00')!.tis[1];
      ti.state = 'running'; ti.end_at = sim.now + 60_000; ti.start_date = sim.now;
      sim.running.add(ti);
    });
    expect(rulesIn(v)).toContain('pool slots');
  });

  test('more running runs than max_active_runs', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:00:00Z', (sim) => {
      for (const r of [...sim.queuedRuns]) {
        r.state = 'running'; r.start_date = sim.now;
        sim.queuedRuns.delete(r); sim.runningRuns.add(r);
      }
      sim.dags.get('d')!.spec.max_active_runs = 1;
    });
    expect(rulesIn(v)).toContain('max_active_runs');
  });

  test('a task that starts before its trigger rule holds', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:00:00Z', (sim) => {
      const run = sim.dags.get('d')!.runs.find((r) => r.run_id === 'scheduled__2025-01-01T02:00:00+00:00')!;
      const c = run.tis[2];
      c.try_number += 1; c.state = 'scheduled';
    });
    expect(rulesIn(v)).toContain('trigger rule');
  });

  test('a task that starts while depends_on_past fails', async () => {
    const PAST = `
windtunnel: 1
name: past
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T03:00:00Z}
dags:
  - dag_id: p
    schedule: "@hourly"
    start_date: 2025-01-01
    tasks: [{task_id: a, duration: PT10M, depends_on_past: true, outcome: failed}]
`;
    // The 00:00 run's a fails, so the 01:00 run's a must wait; start it anyway.
    const v = await afterTamper(PAST, '2025-01-01T01:00:00Z', (sim) => {
      const ti = sim.dags.get('p')!.runs.find((r) => r.run_id === 'scheduled__2025-01-01T01:00:00+00:00')!.tis[0];
      expect(ti.state).toBe(null);
      ti.try_number += 1; ti.state = 'running'; ti.start_date = sim.now; ti.end_at = sim.now + 600_000;
      sim.running.add(ti);
    });
    expect(v.join('\n')).toMatch(/depends_on_past: p\/scheduled__2025-01-01T01:00:00\+00:00\/a started try 1 but previous run scheduled__2025-01-01T00:00:00\+00:00 has a failed/);
  });

  test('a lost event', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:10:00Z', (sim) => { sim.eventResults.pop(); });
    expect(rulesIn(v)).toContain('events');
  });

  test('an event refused without a log line', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:10:00Z', (sim) => {
      let i = sim.log.length - 1;
      while (i >= 0 && sim.log.kind(i) !== 'event.refused') i--;
      sim.log.remove(i);
    });
    expect(v.join('\n')).toMatch(/refused but the refusal is not in the log/);
  });

  test('a finished task instance changing state without a clear', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:00:00Z', (sim) => { runOf(sim).tis[0].state = 'failed'; });
    expect(rulesIn(v)).toContain('terminal states');
  });

  test('a run that starts before its run_after', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T01:30:00Z', (sim) => {
      const d = sim.dags.get('d')!;
      const r = sim.insertRun({ dag: d, run_id: 'future', logical_date: null, run_after: sim.now + 3_600_000, data_interval: null, run_type: 'manual', triggered_by: 'operator', conf: {} });
      if ('error' in r) throw new Error(r.error);
      sim.setRunState(r, 'running', 'tampered');
    });
    expect(rulesIn(v)).toContain('run_after');
  });

  test('a lost wake-up: a try that should have ended', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T01:00:00Z', (sim) => {
      const ti = [...sim.running][0];
      ti.end_at = sim.now - 60_000;
    });
    expect(rulesIn(v)).toContain('liveness');
  });

  test('a lost wake-up: the clock passing a due instant', async () => {
    const when = Date.parse('2025-01-01T00:20:00Z'); // a ends at 00:20
    let found: string[] = [];
    let simRef: Simulation | null = null;
    try {
      simulate(parse(HOURLY), {
        sql: await sqlJs(),
        afterStep: (sim) => {
          simRef = sim;
          if (sim.now === Date.parse('2025-01-01T00:00:00Z')) { expect(checkInvariants(sim)).toEqual([]); return; }
          if (sim.now === when) { sim.now += 5 * 60_000; found = checkInvariants(sim); throw new Stop(); }
        },
      });
    } catch (err) { if (!(err instanceof Stop)) throw err; }
    (simRef as Simulation | null)?.db.close();
    expect(found.join('\n')).toMatch(/past 2025-01-01T00:20:00Z, when the end of d\/scheduled__2025-01-01T00:00:00\+00:00\/a's try was due/);
  });

  test('a queued run left behind although it may start', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T02:00:00Z', (sim) => {
      const r = sim.insertRun({ dag: sim.dags.get('d')!, run_id: 'left_behind', logical_date: null, run_after: sim.now - 60_000, data_interval: null, run_type: 'manual', triggered_by: 'operator', conf: {} });
      if ('error' in r) throw new Error(r.error);
      sim.dags.get('d')!.spec.max_active_runs = 10;
    });
    expect(v.join('\n')).toMatch(/liveness: run d\/.* is queued with run_after .* passed/);
  });

  test('a task instance left unscheduled although its dependencies hold', async () => {
    const v = await afterTamper(HOURLY, '2025-01-01T00:20:00Z', (sim) => {
      // a has just succeeded; undo b's scheduling.
      const b = runOf(sim).tis[1];
      b.state = null; b.try_number -= 1; sim.running.delete(b);
    });
    expect(v.join('\n')).toMatch(/liveness: d\/scheduled__2025-01-01T00:00:00\+00:00\/b is None although all_success holds/);
  });

  test('SQL that disagrees with the records', async () => {
    let simRef: Simulation | null = null;
    const r = simulate(parse(HOURLY), { sql: await sqlJs(), afterStep: (s) => { simRef = s; } });
    const sim = simRef as unknown as Simulation;
    expect(checkFinalInvariants(sim)).toEqual([]);
    sim.db.run("UPDATE dag_run SET state = 'failed' WHERE run_id = 'scheduled__2025-01-01T00:00:00+00:00'");
    expect(checkFinalInvariants(sim).join('\n')).toMatch(/sql: dag_run scheduled__2025-01-01T00:00:00\+00:00/);
    r.close();
  });
});
