// Effective priority weights (weight_rule): downstream = own + all downstream tasks' weights,
// upstream = own + all upstream tasks' weights, absolute = own.
import type { TaskSpec } from '../model/scenario.js';

function reachable(start: number, edges: number[][]): Set<number> {
  const seen = new Set<number>();
  const stack = [...edges[start]];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...edges[n]);
  }
  return seen;
}

export function effectivePriorities(tasks: TaskSpec[], upstream: number[][], downstream: number[][]): number[] {
  return tasks.map((t, i) => {
    if (t.weight_rule === 'absolute') return t.priority_weight;
    const others = reachable(i, t.weight_rule === 'downstream' ? downstream : upstream);
    let w = t.priority_weight;
    for (const o of others) w += tasks[o].priority_weight;
    return w;
  });
}
