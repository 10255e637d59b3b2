// The critical section (_executable_task_instances_to_queued, §4.7): scheduled TIs go to the
// executor by priority, within parallelism, pool slots, max_active_tasks (per run in Airflow 3,
// per DAG in 2) and per-task limits. The simulated executor starts them at once.
// The TIs come from the ready queue in that order (ready_queue.ts). Once parallelism is reached,
// every later TI waits for the same reason: only those not yet told so are visited.
import type { TaskInstanceRecord } from './state/records.js';
import type { SimState } from './state/sim_state.js';
import { startTry } from './execute.js';
import { byPriority } from './state/ready_queue.js';

export function enqueueScheduledTis(sim: SimState): boolean {
  const q = sim.ready;
  if (q.heap.size === 0) return false;
  const pools = { default_pool: 128, ...sim.scenario.pools } as Record<string, number>;
  let executing = sim.running.size;
  const parallelism = sim.scenario.config.parallelism;
  const perRunScope = sim.profile !== '2';
  // Only running runs of unpaused DAGs hand TIs to the executor; the others keep their place.
  const eligible = (ti: TaskInstanceRecord) => sim.runningRuns.has(ti.run) && !ti.run.dag.paused;
  const held: TaskInstanceRecord[] = [];
  const seen = new Set<TaskInstanceRecord>();

  let changed = false;
  q.walking = true;
  for (;;) {
    const ti = q.heap.peek();
    if (!ti) break;
    if (ti.state !== 'scheduled') {
      q.heap.pop(); q.inHeap.delete(ti); q.fresh.delete(ti);
      continue;
    }
    if (!eligible(ti)) { held.push(q.heap.pop()!); continue; }
    if (executing >= parallelism) break;
    q.heap.pop();
    seen.add(ti);
    // Counts of what runs now, kept by SimState: the TIs started below are in them at once.
    const used = sim.inUse;
    const task = ti.task;
    const slots = pools[task.pool] ?? 0;
    const poolUsed = used.pool(task.pool);
    let why: string | null = null;
    if (task.pool_slots > slots) why = `pool ${task.pool} has ${slots} slots, fewer than the ${task.pool_slots} this task needs: it can never run`;
    else if (slots - poolUsed < task.pool_slots) why = `pool ${task.pool}: ${slots - poolUsed} of ${slots} slots open, needs ${task.pool_slots}`;
    else if (perRunScope && used.inRun(ti.run) >= ti.run.dag.spec.max_active_tasks) why = `max_active_tasks ${ti.run.dag.spec.max_active_tasks} reached in this run`;
    else if (!perRunScope && used.inDag(ti.run.dag.spec.dag_id) >= ti.run.dag.spec.max_active_tasks) why = `max_active_tasks ${ti.run.dag.spec.max_active_tasks} reached across the DAG (Airflow 2 counts per DAG)`;
    else if (task.max_active_tis_per_dag !== null && used.ofTaskInDag(ti) >= task.max_active_tis_per_dag) why = `max_active_tis_per_dag ${task.max_active_tis_per_dag} reached for ${task.task_id}`;
    else if (task.max_active_tis_per_dagrun !== null && used.ofTaskInRun(ti) >= task.max_active_tis_per_dagrun) why = `max_active_tis_per_dagrun ${task.max_active_tis_per_dagrun} reached for ${task.task_id}`;
    if (why) {
      held.push(ti);
      q.fresh.add(ti);
      if (ti.blocked !== why) {
        ti.blocked = why;
        sim.note('ti.waiting', why, { run: ti.run, task });
      }
      continue;
    }
    ti.blocked = null;
    q.inHeap.delete(ti); q.fresh.delete(ti);
    executing++;
    startTry(sim, ti);
    changed = true;
  }

  if (executing >= parallelism) {
    // Every TI still in the queue waits for parallelism; those already saying so stay silent.
    const why = `parallelism: ${executing} of ${parallelism} task slots in use`;
    if (why !== q.parallelismWhy) {
      for (const ti of q.inHeap) if (ti.state === 'scheduled') q.fresh.add(ti);
      q.parallelismWhy = why;
    }
    const tail: TaskInstanceRecord[] = [];
    for (const ti of q.fresh) {
      if (ti.state !== 'scheduled') { q.fresh.delete(ti); continue; }
      if (seen.has(ti) || !eligible(ti)) continue;
      if (ti.blocked === why) { q.fresh.delete(ti); continue; }
      tail.push(ti);
    }
    tail.sort(byPriority);
    for (const ti of tail) {
      ti.blocked = why;
      q.fresh.delete(ti);
      sim.note('ti.waiting', why, { run: ti.run, task: ti.task });
    }
  }
  for (const ti of held) q.heap.push(ti);
  q.endWalk();
  return changed;
}
