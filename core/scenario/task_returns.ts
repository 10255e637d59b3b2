// The task key `returns` as a list: `returns: [0.1, 0.01]` is returned (and pushed as return_value)
// as a list, which is what a downstream `expand: {arg: {xcom: task}}` maps over. String items are
// templates, as Airflow renders strings inside a PythonOperator's op_kwargs lists.
import type { TaskSpec } from '../model/scenario.js';
import type { Reader, Val } from './reader.js';

export function readReturnsList(r: Reader, v: Val, template: (at: Val, text: string) => void): unknown[] | undefined {
  const items = r.list(v, 'a list of values');
  if (!items) return undefined;
  const out: unknown[] = [];
  for (const it of items) {
    const value = r.json(it);
    if (value === undefined) return undefined;
    if (typeof value === 'string') template(it, value);
    out.push(value);
  }
  return out;
}

/** The TaskSpec fields for a read `returns`: a template string, or a list. */
export function returnsFields(value: string | unknown[] | null | undefined): Pick<TaskSpec, 'returns' | 'returns_list'> {
  if (Array.isArray(value)) return { returns: null, returns_list: value };
  return { returns: value ?? null };
}
