// The critical section (_executable_task_instances_to_queued, §4.7): scheduled TIs go to the
// executor by priority, within parallelism, pool slots, max_active_tasks (per run in Airflow 3,
// per DAG in 2) and per-task limits. The simulated executor starts them at once.
import type { TaskInstanceRecord } from './records.js';
import type { Simulation } from './simulation.js';
import { startTry } from './execute.js';

function byPriority(a: TaskInstanceRecord, b: TaskInstanceRecord): number {
  const pa = a.run.dag.priority[a.index];
  const pb = b.run.dag.priority[b.index];
  if (pa !== pb) return pb - pa;
  // logical_date ascending, NULLs last (PostgreSQL's order), then run_after and creation order.
  const la = a.run.logical_date;
  const lb = b.run.logical_date;
  if (la !== lb) {
    if (la === null) return 1;
    if (lb === null) return -1;
    return la - lb;
  }
  // Then map_index (the query's last ORDER BY key; -1 for every unmapped TI).
  if (a.map_index !== b.map_index) return a.map_index - b.map_index;
  return a.run.run_after - b.run.run_after || a.run.id - b.run.id || a.index - b.index;
}

export function enqueueScheduledTis(sim: Simulation): boolean {
  const candidates: TaskInstanceRecord[] = [];
  // Only running runs of unpaused DAGs hand TIs to the executor.
  for (const run of sim.runningRuns) if (!run.dag.paused) for (const ti of run.tis) if (ti && ti.state === 'scheduled') candidates.push(ti);
  if (candidates.length === 0) return false;
  candidates.sort(byPriority);

  const pools = { default_pool: 128, ...sim.scenario.pools } as Record<string, number>;
  const poolUsed = new Map<string, number>();
  const perRun = new Map<unknown, number>();
  const perDag = new Map<string, number>();
  const perTaskDag = new Map<string, number>();
  const perTaskRun = new Map<unknown, Map<number, number>>();
  const inc = <K>(m: Map<K, number>, k: K, by = 1) => m.set(k, (m.get(k) ?? 0) + by);
  const taskKey = (ti: TaskInstanceRecord) => `${ti.run.dag.spec.dag_id}\u0000${ti.task.task_id}`;
  const count = (ti: TaskInstanceRecord) => {
    inc(poolUsed, ti.task.pool, ti.task.pool_slots);
    inc(perRun, ti.run);
    inc(perDag, ti.run.dag.spec.dag_id);
    inc(perTaskDag, taskKey(ti));
    let m = perTaskRun.get(ti.run);
    if (!m) perTaskRun.set(ti.run, (m = new Map()));
    inc(m, ti.index);
  };
  for (const ti of sim.running) count(ti);
  let executing = sim.running.size;
  const parallelism = sim.scenario.config.parallelism;
  const perRunScope = sim.profile !== '2';

  let changed = false;
  for (const ti of candidates) {
    const task = ti.task;
    const slots = pools[task.pool] ?? 0;
    const used = poolUsed.get(task.pool) ?? 0;
    let why: string | null = null;
    if (executing >= parallelism) why = `parallelism: ${executing} of ${parallelism} task slots in use`;
    else if (task.pool_slots > slots) why = `pool ${task.pool} has ${slots} slots, fewer than the ${task.pool_slots} this task needs: it can never run`;
    else if (slots - used < task.pool_slots) why = `pool ${task.pool}: ${slots - used} of ${slots} slots open, needs ${task.pool_slots}`;
    else if (perRunScope && (perRun.get(ti.run) ?? 0) >= ti.run.dag.spec.max_active_tasks) why = `max_active_tasks ${ti.run.dag.spec.max_active_tasks} reached in this run`;
    else if (!perRunScope && (perDag.get(ti.run.dag.spec.dag_id) ?? 0) >= ti.run.dag.spec.max_active_tasks) why = `max_active_tasks ${ti.run.dag.spec.max_active_tasks} reached across the DAG (Airflow 2 counts per DAG)`;
    else if (task.max_active_tis_per_dag !== null && (perTaskDag.get(taskKey(ti)) ?? 0) >= task.max_active_tis_per_dag) why = `max_active_tis_per_dag ${task.max_active_tis_per_dag} reached for ${task.task_id}`;
    else if (task.max_active_tis_per_dagrun !== null && (perTaskRun.get(ti.run)?.get(ti.index) ?? 0) >= task.max_active_tis_per_dagrun) why = `max_active_tis_per_dagrun ${task.max_active_tis_per_dagrun} reached for ${task.task_id}`;
    if (why) {
      if (ti.blocked !== why) {
        ti.blocked = why;
        sim.note('ti.waiting', why, { run: ti.run, task });
      }
      continue;
    }
    ti.blocked = null;
    count(ti);
    executing++;
    startTry(sim, ti);
    changed = true;
  }
  return changed;
}
