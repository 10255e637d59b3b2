// Clearing with upstream/downstream relatives pulls in setups and teardowns, as Airflow's
// partial_subset does for find_relevant_relatives (serialization/definitions/dag.py,
// models/taskinstance.py): a cleared work task's relevant setups come back with their teardowns,
// so the resource is made again and torn down again. A plain clear of task_ids adds nothing.
import type { DagRecord } from './state/records.js';
import { dagFlow } from './deps/setup_teardown.js';
import { flatDownstream } from './skip_mixin.js';

/** The setup/teardown task_ids partial_subset adds to `taskIds` and their relatives in `direction`. */
export function setupTeardownRelatives(dag: DagRecord, taskIds: readonly string[], direction: 'upstream' | 'downstream'): string[] {
  if (!dagFlow(dag)) return [];
  const tasks = dag.spec.tasks;
  const role = (i: number) => tasks[i].role;
  const down = (i: number) => flatDownstream(dag.downstream, i);
  const up = (i: number) => flatDownstream(dag.upstream, i);
  const teardownsOf = (s: number) => dag.downstream[s].filter((d) => role(d) === 'teardown');
  const out = new Set<number>();
  // get_upstreams_only_setups_and_teardowns: setups with no teardown or one downstream of the task.
  const relevant = (t: number) => {
    const mine = new Set(down(t).filter((d) => role(d) === 'teardown'));
    for (const s of up(t)) {
      if (role(s) !== 'setup') continue;
      const tds = teardownsOf(s);
      if (tds.length > 0 && !tds.some((d) => mine.has(d))) continue;
      out.add(s);
      for (const d of tds) if (d !== t) out.add(d);
    }
  };
  const matched = new Set(taskIds.map((id) => dag.taskIndex.get(id)).filter((i): i is number => i !== undefined));
  for (const t of matched) {
    if (direction === 'downstream') {
      for (const rel of down(t)) if (!matched.has(rel) && !role(rel)) relevant(rel);
      if (!role(t)) relevant(t);
    } else {
      // get_upstreams_follow_setups: every upstream setup's teardowns; a cleared setup's own too.
      for (const u of up(t)) if (role(u) === 'setup') for (const d of teardownsOf(u)) if (d !== t) out.add(d);
      if (role(t) === 'setup') for (const d of teardownsOf(t)) out.add(d);
    }
  }
  return [...out].map((i) => tasks[i].task_id);
}
