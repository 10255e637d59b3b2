// Deployment scale (issue 17): the ready queue keeps scheduled task instances in Airflow's order
// and a full executor tells each waiting task instance why exactly once, as the full rescan did.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderedHeap } from '../../core/util/ordered_heap.js';
import { output } from './run_yaml.js';

describe('OrderedHeap', () => {
  it('pops in comparator order, whatever the pushes and pops between', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant(null)), { maxLength: 300 }), (ops) => {
      const heap = new OrderedHeap<number>((a, b) => a - b);
      const model: number[] = [];
      for (const op of ops) {
        if (op === null) {
          model.sort((a, b) => a - b);
          expect(heap.pop()).toBe(model.shift());
        } else {
          heap.push(op);
          model.push(op);
        }
        expect(heap.size).toBe(model.length);
      }
      model.sort((a, b) => a - b);
      const rest: number[] = [];
      for (let v = heap.pop(); v !== undefined; v = heap.pop()) rest.push(v);
      expect(rest).toEqual(model);
    }));
  });
});

const three = (weights: [number, number, number]) => `
windtunnel: 1
name: full-executor
config: {parallelism: 1}
clock: {start: 2025-01-01T00:00:00Z, end: 2025-01-01T00:35:00Z}
dags:
${['a', 'b', 'c'].map((id, i) => `  - dag_id: ${id}
    schedule: "@hourly"
    start_date: 2024-12-31
    tasks: [{task_id: t, duration: PT10M, priority_weight: ${weights[i]}}]`).join('\n')}
`;

describe('a full executor (parallelism 1, three runs due at once)', () => {
  it('starts task instances by priority, then run creation order', async () => {
    const starts = (out: Awaited<ReturnType<typeof output>>) => out.task_instances.map((t) => [t.dag_id, t.start_date]).sort((x, y) => String(x[1]).localeCompare(String(y[1])));
    expect(starts(await output(three([1, 1, 1])))).toEqual([['a', '2025-01-01T00:00:00Z'], ['b', '2025-01-01T00:10:00Z'], ['c', '2025-01-01T00:20:00Z']]);
    expect(starts(await output(three([1, 1, 10])))).toEqual([['c', '2025-01-01T00:00:00Z'], ['a', '2025-01-01T00:10:00Z'], ['b', '2025-01-01T00:20:00Z']]);
  });

  it('says "parallelism" once per waiting task instance, in priority order, not once per pass', async () => {
    const out = await output(three([1, 5, 10]));
    const waiting = out.log.filter((l) => l.kind === 'ti.waiting').map((l) => [l.at, l.dag_id, l.why]);
    expect(waiting).toEqual([
      ['2025-01-01T00:00:00Z', 'b', 'parallelism: 1 of 1 task slots in use'],
      ['2025-01-01T00:00:00Z', 'a', 'parallelism: 1 of 1 task slots in use'],
    ]);
  });
});
