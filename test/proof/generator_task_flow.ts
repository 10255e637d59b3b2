// Branching, short-circuits and setup/teardown in swarm worlds (issue 16 items 1 and 3): some
// python tasks with downstream tasks become branches (a conf-driven template or a seeded choice)
// or short-circuits, and some DAGs get a setup task with a teardown after their leaves. Drawn from
// a dice of its own after the rest of the world, so a world without them is what it was before.
import { Prng } from '../../core/util/prng.js';

type Obj = Record<string, unknown>;

export function taskFlowDice(seed: number): Prng {
  return new Prng(((seed * 2654435761) >>> 0) ^ 0x7a5c);
}

// A task whose return value something reads (returns, an XCom-mapped downstream) stays as it is.
const plainPython = (t: Obj) => (t.operator ?? 'python') === 'python' && !t.expand && !t.expand_kwargs && !t.trigger && t.returns === undefined;

export function addTaskFlow(doc: Obj, p: Prng): void {
  const chance = (x: number) => p.next() < x;
  const pick = <T>(xs: readonly T[]): T => xs[p.int(0, xs.length - 1)];
  for (const dag of doc.dags as Obj[]) {
    const tasks = (dag.tasks as Obj[] | undefined) ?? [];
    const downstreamOf = (id: unknown) => tasks.filter((t) => ((t.upstream as string[] | undefined) ?? []).includes(id as string));
    for (const t of tasks) {
      const down = downstreamOf(t.task_id).map((x) => x.task_id as string);
      if (!plainPython(t) || down.length === 0 || !chance(0.12)) continue;
      if (chance(0.6)) {
        t.operator = 'branch';
        t.branch = chance(0.5)
          ? `{{ dag_run.conf.get('branch', '${pick(down)}') }}`
          : { choose: [pick(down), down, []].slice(0, p.int(1, 3)) };
      } else {
        t.operator = 'short_circuit';
        t.condition = pick(['True', 'False', "{{ dag_run.conf.get('go', True) }}", '{{ run_id.endswith("0") }}']);
        if (chance(0.4)) t.ignore_downstream_trigger_rules = false;
      }
    }
    // A setup at a root, a teardown after the DAG's leaves: the classic create/work/delete shape.
    const roots = tasks.filter((t) => !t.upstream && plainPython(t) && !t.branch && !t.condition);
    if (roots.length === 0 || tasks.length < 2 || !chance(0.15)) continue;
    const setup = pick(roots);
    setup.setup = true;
    // Airflow's validate_setup_teardown: a setup's work tasks keep all_success.
    for (const d of downstreamOf(setup.task_id)) delete d.trigger_rule;
    const leaves = tasks.filter((t) => t !== setup && downstreamOf(t.task_id).length === 0).map((t) => t.task_id as string);
    const teardown: Obj = { task_id: `${setup.task_id as string}_teardown`, upstream: [setup.task_id, ...leaves], teardown: true, duration: 'PT1M' };
    if (chance(0.3)) teardown.outcome = 'failed';
    if (chance(0.3)) teardown.on_failure_fail_dagrun = true;
    tasks.push(teardown);
  }
}
