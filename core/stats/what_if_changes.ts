// The changes a capacity what-if applies to a scenario, written as short phrases on the command
// line (`--what-if 'pool default_pool=96'`) or in the app:
//   pool NAME=SLOTS         a pool's size (a new pool is added)
//   parallelism N           core.parallelism
//   add-dags N              N more DAGs like the ones there are: copies of each DAG in turn,
//                           named DAG_ID__copyK, same schedule, tasks and pools
//   max-active-runs N       every DAG's max_active_runs
//   max-active-tasks N      every DAG's max_active_tasks
import type { DagSpec, Scenario } from '../model/scenario.js';

export type CapacityChange =
  | { kind: 'pool'; pool: string; slots: number }
  | { kind: 'parallelism'; value: number }
  | { kind: 'add-dags'; count: number }
  | { kind: 'max-active-runs'; value: number }
  | { kind: 'max-active-tasks'; value: number };

export const CHANGE_SYNTAX = "'pool NAME=SLOTS', 'parallelism N', 'add-dags N', 'max-active-runs N' or 'max-active-tasks N'";
/** More copies than this would be a different deployment, not a what-if (and past the work limits anyway). */
export const MAX_ADDED_DAGS = 100_000;
const MAX_SIZE = 1_000_000;

export function parseChange(text: string): CapacityChange | { error: string } {
  const t = text.trim();
  const bad = (why: string) => ({ error: `what-if '${text}': ${why}` });
  const count = (s: string, max: number, min = 1): number | null => (/^\d+$/.test(s) && Number(s) >= min && Number(s) <= max ? Number(s) : null);
  let m = /^pool\s+([A-Za-z0-9_.-]+)\s*=\s*(\S+)$/.exec(t);
  if (m) {
    const slots = count(m[2], MAX_SIZE, 0);
    return slots === null ? bad(`the slots must be a whole number 0–${MAX_SIZE}, not '${m[2]}'`) : { kind: 'pool', pool: m[1], slots };
  }
  m = /^(parallelism|add-dags|max-active-runs|max-active-tasks)\s+(\S+)$/.exec(t);
  if (m) {
    const max = m[1] === 'add-dags' ? MAX_ADDED_DAGS : MAX_SIZE;
    const n = count(m[2], max);
    if (n === null) return bad(`${m[1]} needs a whole number 1–${max}, not '${m[2]}'`);
    if (m[1] === 'add-dags') return { kind: 'add-dags', count: n };
    return { kind: m[1] as 'parallelism' | 'max-active-runs' | 'max-active-tasks', value: n };
  }
  return bad(`expected ${CHANGE_SYNTAX}`);
}

export function describeChange(c: CapacityChange): string {
  switch (c.kind) {
    case 'pool': return `pool ${c.pool}=${c.slots}`;
    case 'parallelism': return `parallelism ${c.value}`;
    case 'add-dags': return `add-dags ${c.count}`;
    case 'max-active-runs': return `max-active-runs ${c.value}`;
    case 'max-active-tasks': return `max-active-tasks ${c.value}`;
  }
}

/** The scenario with the changes applied in order; the input is not modified. */
export function applyChanges(s: Scenario, changes: readonly CapacityChange[]): Scenario {
  let out: Scenario = { ...s, pools: { ...s.pools }, config: { ...s.config }, dags: [...s.dags] };
  for (const c of changes) {
    if (c.kind === 'pool') out.pools[c.pool] = c.slots;
    else if (c.kind === 'parallelism') out.config.parallelism = c.value;
    else if (c.kind === 'max-active-runs') out.dags = out.dags.map((d) => ({ ...d, max_active_runs: c.value }));
    else if (c.kind === 'max-active-tasks') out.dags = out.dags.map((d) => ({ ...d, max_active_tasks: c.value }));
    else out = { ...out, dags: [...out.dags, ...copies(out.dags, c.count)] };
  }
  return out;
}

/** `count` copies of the DAGs, each in turn, with ids no DAG has yet. */
function copies(dags: readonly DagSpec[], count: number): DagSpec[] {
  if (dags.length === 0) return [];
  const taken = new Set(dags.map((d) => d.dag_id));
  const made: DagSpec[] = [];
  for (let i = 0; i < count; i++) {
    const src = dags[i % dags.length];
    let k = Math.floor(i / dags.length) + 1;
    let id = `${src.dag_id}__copy${k}`;
    while (taken.has(id)) id = `${src.dag_id}__copy${++k}`;
    taken.add(id);
    made.push({ ...src, dag_id: id });
  }
  return made;
}
