// Export of a task mapped over an upstream's XCom (`expand: {arg: {xcom: src}}`). A classic
// PythonOperator cannot take it: `.expand(op_kwargs=src.output)` needs the upstream to return whole
// op_kwargs dicts, and values resolved from an XCom are never rendered, so the simulated work's
// `returns` template would arrive unrendered. The TaskFlow form does what the scenario says:
//   train = task(python_callable=windtunnel_work, task_id="train", ...).partial(<work>).expand(lr=src.output)
// (the work arguments are partial op_kwargs, rendered as usual; `lr` lands in **context).
import type { TaskSpec } from '../../model/scenario.js';
import { INDENT, pyLiteral } from './python.js';

/** The decorator's import, per target. */
export const taskflowImport = (a2: boolean): string => (a2 ? 'from airflow.decorators import task' : 'from airflow.sdk import task');

export const hasXComMapping = (tasks: readonly TaskSpec[]): boolean => tasks.some((t) => t.expand?.kind === 'expand_xcom');

/** Task indexes in file order: the scenario's, except that a task mapped over an XCom follows its source. */
export function blockOrder(tasks: readonly TaskSpec[]): number[] {
  const order = tasks.map((_, i) => i);
  if (!hasXComMapping(tasks)) return order;
  const out: number[] = [];
  const placed = new Set<number>();
  const index = new Map(tasks.map((t, i) => [t.task_id, i]));
  const place = (i: number, depth: number): void => {
    if (placed.has(i) || depth > tasks.length) return;
    const e = tasks[i].expand;
    if (e?.kind === 'expand_xcom') { const s = index.get(e.task_id); if (s !== undefined) place(s, depth + 1); }
    placed.add(i);
    out.push(i);
  };
  for (const i of order) place(i, 0);
  return out;
}

/** `).partial(duration=..., returns=...).expand(arg=src.output)`, closing a `task(` head. */
export function xcomMappedTail(work: Record<string, unknown>, arg: string, srcVar: string): string {
  const I2 = INDENT + INDENT;
  const kw = Object.entries(work).map(([k, v]) => `${I2}${k}=${pyLiteral(v, I2, `${I2}${k}=`.length)},`);
  return `${INDENT}).partial(\n${kw.join('\n')}\n${INDENT}).expand(${arg}=${srcVar}.output)`;
}
