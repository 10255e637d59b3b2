// Run a validated scenario to its end (or `until`) and hand back its output and live DB.
import type { SqlJsStatic } from 'sql.js';
import type { Scenario } from './model/scenario.js';
import type { RunOutput } from './model/output.js';
import type { RunOptions, SimulationResult } from './api.js';
import { Simulation } from './scheduler/simulation.js';
import { materialize, runOutputStream } from './export/run_output.js';

export function simulate(scenario: Scenario, options: RunOptions & { sql: SqlJsStatic; afterStep?: (sim: Simulation) => void }): SimulationResult {
  const sim = new Simulation(scenario, options.sql, options.until);
  sim.afterStep = options.afterStep ?? null;
  sim.run(options.onProgress);
  const outputStream = runOutputStream(sim);
  // The whole output object is made on first read: `run --format json` streams instead, and a
  // 10-year run's output as objects would be ~1 GB.
  let output: RunOutput | null = null;
  return {
    get output() {
      return (output ??= materialize(outputStream));
    },
    outputStream,
    releaseOutput: () => { output = null; },
    query: (sql: string) => { syncDb(sim); return sim.db.query(sql); },
    exportDb: () => { syncDb(sim); return sim.db.export(); },
    close: () => sim.db.close(),
  };
}

/** Task instances and the decision log are written to SQL on first read, in one transaction. */
function syncDb(sim: Simulation): void {
  sim.db.begin();
  sim.syncToDb();
  sim.db.commit();
}
