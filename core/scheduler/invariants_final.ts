// After the last step: the SQL tables mirror the records (SQL is what learners query), and every
// event has exactly one result.
import type { Simulation } from './simulation.js';
import type { TaskInstanceRecord } from './state/records.js';
import { key, tiName } from './invariants_shadow.js';

/** After the last step: the SQL tables mirror the records (SQL is what learners query). */
export function checkFinalInvariants(sim: Simulation): string[] {
  const out: string[] = [];
  sim.db.begin();
  sim.syncToDb();
  sim.db.commit();
  const ld = sim.ldCol;
  const rows = sim.db.all(`SELECT id, dag_id, run_id, ${ld} AS ld, state, run_type FROM dag_run ORDER BY id`);
  const byId = new Map(sim.runsInOrder.map((r) => [r.id, r] as const));
  if (rows.length !== sim.runsInOrder.length) out.push(`sql: dag_run has ${rows.length} rows, the simulation ${sim.runsInOrder.length} runs`);
  for (const row of rows) {
    const run = byId.get(Number(row.id));
    if (!run) { out.push(`sql: dag_run row ${String(row.id)} (${String(row.run_id)}) has no run record`); continue; }
    const iso = run.logical_date === null ? null : new Date(run.logical_date).toISOString();
    if (row.run_id !== run.run_id || row.dag_id !== run.dag.spec.dag_id || row.state !== run.state || row.ld !== iso || row.run_type !== run.run_type) {
      out.push(`sql: dag_run ${String(row.run_id)} is (${String(row.state)}, ${String(row.ld)}, ${String(row.run_type)}) in SQL but (${run.state}, ${iso}, ${run.run_type}) in the records`);
    }
  }
  const events = sim.scenario.events;
  const indices = sim.eventResults.map((r) => r.index);
  if (new Set(indices).size !== indices.length || indices.length !== events.length || indices.some((i) => i < 0 || i >= events.length)) {
    out.push(`events: ${events.length} events but ${indices.length} results (indices ${indices.join(', ')}): every event needs exactly one`);
  }
  const dup = sim.db.all(`SELECT dag_id, ${ld} AS ld, COUNT(*) AS n FROM dag_run WHERE ${ld} IS NOT NULL GROUP BY dag_id, ${ld} HAVING n > 1`);
  for (const d of dup) out.push(`sql: ${String(d.dag_id)} has ${String(d.n)} runs with logical_date ${String(d.ld)}`);
  const tis = new Map<string, TaskInstanceRecord>();
  for (const run of sim.runsInOrder) for (const ti of run.tis) if (ti) tis.set(key(run.dag.spec.dag_id, run.run_id, `${ti.task.task_id}[${ti.map_index}]`), ti);
  const tiRows = sim.db.all('SELECT dag_id, run_id, task_id, map_index, state, try_number FROM task_instance');
  if (tiRows.length !== tis.size) out.push(`sql: task_instance has ${tiRows.length} rows, the simulation ${tis.size}`);
  for (const row of tiRows) {
    const ti = tis.get(key(String(row.dag_id), String(row.run_id), `${String(row.task_id)}[${String(row.map_index)}]`));
    if (!ti) { out.push(`sql: task_instance ${String(row.dag_id)}/${String(row.run_id)}/${String(row.task_id)} has no record`); continue; }
    if ((row.state ?? null) !== ti.state || Number(row.try_number) !== ti.try_number) {
      out.push(`sql: ${tiName(ti)} is (${String(row.state)}, try ${String(row.try_number)}) in SQL but (${ti.state ?? 'None'}, try ${ti.try_number}) in the records`);
    }
  }
  return out;
}
