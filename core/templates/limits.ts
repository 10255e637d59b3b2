// What one template render may cost. Jinja's sandbox caps range() at MAX_RANGE items and nothing
// else; Python then grows strings and lists until memory runs out and loops until the task's
// execution_timeout. JavaScript dies on the way (a V8 heap abort cannot be caught), so Windtunnel
// also caps string and list sizes, template work (steps) and call depth. Steps are counted, never
// timed: the same template fails at the same point on every machine.
import { PyError } from './py_error.js';

/** jinja2.sandbox.MAX_RANGE. */
export const MAX_RANGE = 100_000;
export const MAX_STRING_LENGTH = 10_000_000;
export const MAX_LIST_LENGTH = 1_000_000;
/** Work in one render: a step is a loop iteration, lookup, call, filter or print, plus one per
 * KiB of strings and list items a call, filter or print handles. */
export const MAX_STEPS = 2_000_000;
/** Nested calls (macros calling themselves): Python's default recursion limit. */
export const MAX_CALL_DEPTH = 1000;

let steps = 0;
let depth = 0;

/** Runs one render with a fresh budget; renders nest (a render inside a call) with their own. */
export function withBudget<T>(render: () => T): T {
  const saved = [steps, depth];
  steps = 0;
  depth = 0;
  try {
    return render();
  } finally {
    [steps, depth] = saved;
  }
}

export function tick(n = 1): void {
  if ((steps += n) > MAX_STEPS) {
    throw new PyError('TemplateBudgetError', `the template took more than ${MAX_STEPS} steps (Windtunnel's limit; Airflow would render until the task's execution_timeout)`);
  }
}

/** Calls f one level deeper, refusing runaway recursion before JavaScript's own stack gives out. */
export function deeper<T>(f: () => T): T {
  if (depth >= MAX_CALL_DEPTH) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
  depth++;
  try {
    return f();
  } finally {
    depth--;
  }
}

/** Refuses a string of `length` characters before it is built. */
export function checkStringLength(length: number): void {
  if (!(length <= MAX_STRING_LENGTH)) {
    throw new PyError('MemoryError', `a template string of ${Number.isFinite(length) ? length : 'unbounded'} characters (Windtunnel's limit is ${MAX_STRING_LENGTH})`);
  }
}

/** Refuses a list of `length` items before it is built. */
export function checkListLength(length: number): void {
  if (!(length <= MAX_LIST_LENGTH)) {
    throw new PyError('MemoryError', `a template list of ${Number.isFinite(length) ? length : 'unbounded'} items (Windtunnel's limit is ${MAX_LIST_LENGTH})`);
  }
}

/** Steps for handling v: one per KiB of a string, one per 1024 items of a list. */
export function sizeSteps(v: unknown): number {
  return typeof v === 'string' || Array.isArray(v) ? v.length >> 10 : 0;
}

/** A value a template made, checked against the caps (strings and lists). */
export function checkSize<T>(v: T): T {
  if (typeof v === 'string') checkStringLength(v.length);
  else if (Array.isArray(v)) checkListLength(v.length);
  return v;
}
