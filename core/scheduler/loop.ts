// One scheduler pass at the current instant, repeated until nothing changes: create runs, start
// queued runs, schedule task instances of running runs, then hand scheduled TIs to the executor
// within pools and concurrency limits (scheduler_job_runner.py: _do_scheduling, §4).
import type { Simulation } from './simulation.js';
import { createDagRuns } from './create_runs.js';
import { startQueuedRuns } from './start_runs.js';
import { scheduleRun } from './schedule_run.js';
import { enqueueScheduledTis } from './enqueue.js';
import { processDueCompletions } from './execute.js';

const MAX_PASSES = 100_000;

export function runSchedulerLoop(sim: Simulation): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    changed = processDueCompletions(sim) || changed;
    changed = createDagRuns(sim) || changed;
    changed = startQueuedRuns(sim) || changed;
    for (const run of [...sim.runningRuns]) changed = scheduleRun(sim, run) || changed;
    changed = enqueueScheduledTis(sim) || changed;
    if (!changed) return;
  }
  throw new Error(`scheduler did not settle at ${new Date(sim.now).toISOString()} after ${MAX_PASSES} passes (a Windtunnel bug: please report the scenario)`);
}
