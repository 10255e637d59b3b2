// How many task instances a mapped task gets: Airflow's DictOfListsExpandInput multiplies the
// lengths of the expanded lists (a cross product); expand_kwargs makes one per mapping.
import type { TaskExpand } from './scenario.js';

/** 0 means one unmapped instance (map_index -1) that is skipped once its upstream allows it to run;
 * an expansion over an upstream's XCom also starts as one unmapped instance (expanded at run time). */
export function mappedCount(e: TaskExpand): number {
  if (e.kind === 'expand_kwargs') return e.kwargs.length;
  if (e.kind === 'expand_xcom') return 0;
  let n = 1;
  for (const values of Object.values(e.args)) n *= values.length;
  return n;
}

/** The arguments of each map index, in map_index order (the last `expand` argument varies fastest). */
export function mappedKwargs(e: TaskExpand): Record<string, unknown>[] {
  if (e.kind === 'expand_kwargs') return e.kwargs;
  if (e.kind === 'expand_xcom') return []; // known only when the upstream has returned its list
  let out: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(e.args)) {
    out = out.flatMap((prefix) => values.map((v) => ({ ...prefix, [name]: v })));
  }
  return out;
}
