// Mapped task instances in the grid and inspector: one cell per task and run that counts its map
// indexes, a "[ ]" row label as in Airflow's grid, and "train [2]" as an instance's name.
import { describe, expect, it } from 'vitest';
import { layoutGrid } from '../../view/grid_layout.js';
import { tiLabel } from '../../view/format.js';
import type { TaskInstanceOut } from '../../core/model/output.js';
import { run } from './helpers.js';

const ti = (task_id: string, map_index: number, state: TaskInstanceOut['state']): TaskInstanceOut => ({
  dag_id: 'd', run_id: 'r1', task_id, map_index, try_number: 1, state, start_date: null, end_date: null, rendered: {}, error: null,
});

describe('mapped task instances in the grid', () => {
  it('one cell per task: the first map index, with the count of instances; the row is marked mapped', () => {
    const runs = [run({ run_id: 'r1', dag_id: 'd', run_after: '2025-01-01T00:00:00Z' })];
    const tis = [ti('prepare', -1, 'success'), ti('train', 2, 'failed'), ti('train', 0, 'success'), ti('train', 1, 'running')];
    const g = layoutGrid(runs, tis, ['prepare', 'train']);
    expect(g.cells.map((c) => [c.ti?.task_id, c.ti?.map_index, c.mapped])).toEqual([['prepare', -1, 0], ['train', 0, 3]]);
    expect([...g.mappedTasks]).toEqual(['train']);
  });

  it('names an instance "train [2]" and an unmapped one by its task_id', () => {
    expect(tiLabel({ task_id: 'train', map_index: 2 })).toBe('train [2]');
    expect(tiLabel({ task_id: 'train', map_index: 0 })).toBe('train [0]');
    expect(tiLabel({ task_id: 'prepare', map_index: -1 })).toBe('prepare');
  });
});
