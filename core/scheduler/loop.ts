// One scheduler pass at the current instant, repeated until nothing changes: create runs, start
// queued runs, schedule task instances of running runs, then hand scheduled TIs to the executor
// within pools and concurrency limits (scheduler_job_runner.py: _do_scheduling, §4).
import type { SimState } from './state/sim_state.js';
import { createDagRuns } from './create_runs.js';
import { startQueuedRuns } from './start_runs.js';
import { scheduleRun } from './schedule_run.js';
import { enqueueScheduledTis } from './enqueue.js';
import { processDueCompletions } from './execute.js';
import { processTriggerer } from './triggerer.js';

const MAX_PASSES = 100_000;

/**
 * Runs that other runs' work may create at one instant (asset-triggered, or by an operator)
 * before it is called a zero-time cycle. Timetable runs are not counted: a catch-up of
 * zero-duration runs legitimately creates many at one instant, and time bounds it.
 */
const MAX_TRIGGERED_RUNS_PER_INSTANT = 2_000;

export function runSchedulerLoop(sim: SimState): void {
  const logAtStart = sim.log.length;
  sim.triggeredRunsThisInstant = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (sim.triggeredRunsThisInstant > MAX_TRIGGERED_RUNS_PER_INSTANT) throw zeroTimeCycle(sim, logAtStart);
    let changed = false;
    changed = processDueCompletions(sim) || changed;
    changed = processTriggerer(sim) || changed;
    changed = createDagRuns(sim) || changed;
    changed = startQueuedRuns(sim) || changed;
    changed = scheduleRunningRuns(sim) || changed;
    changed = enqueueScheduledTis(sim) || changed;
    if (!changed) return;
  }
  throw new Error(`scheduler did not settle at ${new Date(sim.now).toISOString()} after ${MAX_PASSES} passes (a Windtunnel bug: please report the scenario)`);
}

/**
 * scheduleRun for every running run in the order they started, skipping the quiet ones: a settled
 * run would only be stamped with this pass's instant (state/run_scan.ts keeps that lazily).
 */
function scheduleRunningRuns(sim: SimState): boolean {
  const scan = sim.runScan;
  let changed = false;
  scan.beginPass(sim.now);
  try {
    for (let run = scan.next(); run; run = scan.next()) {
      changed = scheduleRun(sim, run) || changed;
      scan.after(run, sim.now);
    }
  } finally {
    scan.endPass();
  }
  return changed;
}

/**
 * Zero-duration work that feeds itself (a DAG updating the asset it is scheduled on, an operator
 * triggering its own DAG) never lets the clock move. Say so, naming the busiest DAG, instead of
 * spinning: the scenario needs a task duration greater than zero somewhere in the cycle.
 */
function zeroTimeCycle(sim: SimState, from: number): Error {
  const counts = new Map<string, number>();
  for (let i = from; i < sim.log.length; i++) {
    const dagId = sim.log.dagId(i);
    if (sim.log.kind(i) === 'dag_run.created' && dagId) counts.set(dagId, (counts.get(dagId) ?? 0) + 1);
  }
  const [dag, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['?', 0];
  return new Error(`zero-time cycle at ${new Date(sim.now).toISOString()}: ${n} runs of ${dag} created at one instant; ` +
    'a zero-duration task keeps triggering work at the same instant (an asset or TriggerDagRunOperator cycle?) - give a task in the cycle a duration');
}
