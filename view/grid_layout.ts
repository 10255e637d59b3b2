// The grid, as in Airflow's UI: one column per run ordered by run_after (newest on the right),
// one row per task, a state-coloured cell per task instance, and above each column a bar whose
// height is the run's duration.
import type { DagRunOut, TaskInstanceOut } from '../core/index.js';

export interface GridOptions {
  /** Show at most this many runs (the newest); default 25 as in Airflow. */
  maxColumns?: number;
  /** Skip this many of the newest runs (paging back in time). */
  offset?: number;
  cellW?: number;
  cellH?: number;
  /** Height of the duration-bar area above the cells. */
  barAreaH?: number;
  /** The virtual clock (epoch ms): running runs' durations are measured to here. */
  now?: number;
}

export interface GridColumn {
  /** Index into the runs array given to layoutGrid. */
  run: number;
  x: number;
  duration: number | null;
  barH: number;
}

/** `mapped`: how many mapped instances the cell stands for (0 when the task is not mapped there). */
export interface GridCell { col: number; row: number; x: number; y: number; ti: TaskInstanceOut | null; mapped: number }

export interface GridLayout {
  columns: GridColumn[];
  tasks: string[];
  /** Tasks mapped in some shown run: their row reads "train [ ]" as in Airflow's grid. */
  mappedTasks: Set<string>;
  cells: GridCell[];
  cellW: number;
  cellH: number;
  barAreaH: number;
  width: number;
  height: number;
  maxDuration: number;
  /** How many runs exist before the first column (older, not shown). */
  hiddenOlder: number;
}

export const GRID_DEFAULTS = { maxColumns: 25, offset: 0, cellW: 18, cellH: 18, barAreaH: 80 };

/** `runs` are one DAG's runs (any order); `tis` are looked up by run_id and task_id. */
export function layoutGrid(runs: readonly DagRunOut[], tis: readonly TaskInstanceOut[], tasks: readonly string[], opts: GridOptions = {}): GridLayout {
  const o = { ...GRID_DEFAULTS, ...opts };
  const order = runs.map((_, i) => i).sort((a, b) => {
    const x = runs[a].run_after;
    const y = runs[b].run_after;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const endIdx = Math.max(0, order.length - o.offset);
  const startIdx = Math.max(0, endIdx - o.maxColumns);
  const shown = order.slice(startIdx, endIdx);
  const now = o.now ?? Infinity;
  const durations = shown.map((i) => runDuration(runs[i], now));
  const maxDuration = Math.max(0, ...durations.map((d) => d ?? 0));
  const columns: GridColumn[] = shown.map((run, c) => {
    const d = durations[c];
    const barH = d === null ? 0 : maxDuration > 0 ? Math.max(2, Math.round((o.barAreaH - 4) * (d / maxDuration))) : 2;
    return { run, x: c * o.cellW, duration: d, barH };
  });
  const byKey = new Map<string, TaskInstanceOut>();
  const mappedCount = new Map<string, number>();
  for (const ti of tis) {
    const k = `${ti.run_id}\u0001${ti.task_id}`;
    const prev = byKey.get(k);
    // Mapped tasks: the cell shows the first map index and counts them all.
    if (!prev || ti.map_index < prev.map_index) byKey.set(k, ti);
    if (ti.map_index >= 0) mappedCount.set(k, (mappedCount.get(k) ?? 0) + 1);
  }
  const cells: GridCell[] = [];
  const mappedTasks = new Set<string>();
  columns.forEach((col, c) => {
    tasks.forEach((task, r) => {
      const k = `${runs[col.run].run_id}\u0001${task}`;
      const mapped = mappedCount.get(k) ?? 0;
      if (mapped > 0) mappedTasks.add(task);
      cells.push({ col: c, row: r, x: col.x, y: o.barAreaH + r * o.cellH, ti: byKey.get(k) ?? null, mapped });
    });
  });
  return {
    columns, tasks: [...tasks], mappedTasks, cells, cellW: o.cellW, cellH: o.cellH, barAreaH: o.barAreaH,
    width: columns.length * o.cellW, height: o.barAreaH + tasks.length * o.cellH, maxDuration, hiddenOlder: startIdx,
  };
}

/** A run's duration in ms: end − start, or now − start while running; null if it never started. */
export function runDuration(r: DagRunOut, now = Infinity): number | null {
  if (!r.start_date) return null;
  const s = Date.parse(r.start_date);
  if (r.end_date) {
    const e = Date.parse(r.end_date);
    return Number.isFinite(now) && e > now ? Math.max(0, now - s) : e - s;
  }
  return Number.isFinite(now) ? Math.max(0, now - s) : null;
}
