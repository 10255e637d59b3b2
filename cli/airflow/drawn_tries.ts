// The durations Windtunnel drew for the tries of tasks whose duration is a range ({uniform: [a, b]}),
// recorded by running the simulation, so that the oracle's replay sleeps exactly as long per try.
// (The exported DAG files draw from their own seeded sequence; without this, such tries end at
// other instants in Airflow and the two runs cannot be compared.) Outcomes are not drawn: every
// outcome rule (fail_tries, fail_if, ...) is decided the same way by the DAG file itself.
import type { SqlJsStatic } from 'sql.js';
import type { Scenario } from '../../core/index.js';
import { simulate } from '../../core/index.js';

export interface DrawnTry {
  dag_id: string;
  run_id: string;
  task_id: string;
  map_index: number;
  try_number: number;
  /** Seconds from the try's start to its end, as Windtunnel drew it. */
  duration: number;
}

/** Every try of a range-duration task that started before the scenario's end, in start order. */
export function drawnTries(scenario: Scenario, sql: SqlJsStatic): DrawnTry[] {
  const hasRange = scenario.dags.some((d) => d.tasks.some((t) => t.duration.kind !== 'fixed'));
  if (!hasRange) return [];
  const seen = new Map<string, DrawnTry>();
  const result = simulate(scenario, {
    sql,
    afterStep: (sim) => {
      for (const ti of sim.running) {
        if (ti.task.duration.kind === 'fixed' || ti.end_at === null || ti.start_date === null) continue;
        const key = `${ti.run.id}\u0000${ti.index}\u0000${ti.map_index}\u0000${ti.try_number}`;
        if (seen.has(key)) continue;
        seen.set(key, {
          dag_id: ti.run.dag.spec.dag_id, run_id: ti.run.run_id, task_id: ti.task.task_id,
          map_index: ti.map_index, try_number: ti.try_number, duration: (ti.end_at - ti.start_date) / 1000,
        });
      }
    },
  });
  result.close();
  return [...seen.values()];
}
