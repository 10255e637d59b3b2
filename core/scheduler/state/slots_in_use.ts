// What the running task instances hold, per limit the critical section checks (enqueue.ts): pool
// slots, task instances per run and per DAG (max_active_tasks), per task across the DAG and per
// task in a run (max_active_tis_per_dag/_dagrun). Kept as task instances start and stop running
// (SimState.setTiState), so a pass reads counts instead of recounting every running task
// instance (issue 17: a deployment runs hundreds at once).
import type { RunRecord, TaskInstanceRecord } from './records.js';

export class SlotsInUse {
  // Pools and DAGs are few: their counts stay (at 0) once made. A run's count is its own field.
  private readonly pools = new Map<string, number>();
  private readonly dags = new Map<string, number>();
  // Per-task counts only for tasks with such a limit (max_active_tis_per_dag/_dagrun).
  private readonly taskDag = new Map<string, number>();
  private readonly taskRun = new Map<RunRecord, Map<number, number>>();

  pool(name: string): number {
    return this.pools.get(name) ?? 0;
  }

  inRun(run: RunRecord): number {
    return run.tisRunning ?? 0;
  }

  inDag(dagId: string): number {
    return this.dags.get(dagId) ?? 0;
  }

  /** Only for a task with max_active_tis_per_dag. */
  ofTaskInDag(ti: TaskInstanceRecord): number {
    return this.taskDag.get(taskKey(ti)) ?? 0;
  }

  /** Only for a task with max_active_tis_per_dagrun. */
  ofTaskInRun(ti: TaskInstanceRecord): number {
    return this.taskRun.get(ti.run)?.get(ti.index) ?? 0;
  }

  /** `ti` started running (+1) or stopped (-1). */
  change(ti: TaskInstanceRecord, by: 1 | -1): void {
    const task = ti.task;
    this.pools.set(task.pool, (this.pools.get(task.pool) ?? 0) + by * task.pool_slots);
    const dagId = ti.run.dag.spec.dag_id;
    this.dags.set(dagId, (this.dags.get(dagId) ?? 0) + by);
    ti.run.tisRunning = (ti.run.tisRunning ?? 0) + by;
    if (task.max_active_tis_per_dag !== null) {
      const k = taskKey(ti);
      this.taskDag.set(k, (this.taskDag.get(k) ?? 0) + by);
    }
    if (task.max_active_tis_per_dagrun !== null) {
      let m = this.taskRun.get(ti.run);
      if (!m) this.taskRun.set(ti.run, (m = new Map()));
      const c = (m.get(ti.index) ?? 0) + by;
      if (c === 0) m.delete(ti.index);
      else m.set(ti.index, c);
      if (m.size === 0) this.taskRun.delete(ti.run);
    }
  }
}

const taskKey = (ti: TaskInstanceRecord) => `${ti.run.dag.spec.dag_id}\u0000${ti.task.task_id}`;
