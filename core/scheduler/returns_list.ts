// `returns: [..]` at run time: the list is returned as a list (not as text), each string item
// rendered with the try's context first, as PythonOperator renders strings inside op_kwargs lists.
import { renderTemplate } from '../templates/render.js';

export type ListResult = { ok: true; value: unknown[] } | { ok: false; error: string };

export function renderReturnsList(items: readonly unknown[], context: Record<string, unknown>): ListResult {
  const value: unknown[] = [];
  for (const item of items) {
    if (typeof item !== 'string') { value.push(item); continue; }
    const r = renderTemplate(item, context);
    if (!r.ok) return { ok: false, error: r.error };
    value.push(r.text);
  }
  return { ok: true, value };
}
