// How Jinja prints a value: Python's str() of the object, so booleans read True/False, None is
// None, dicts print with quotes as Python does. Keeps rendered fields byte-identical to Airflow's
// for the values scenarios use (numbers, strings, booleans, lists, dicts, datetimes).

import { floatRepr, PyTuple } from './py_values.js';

export interface PyStr { __py_str__(): string }

function isPyStr(v: unknown): v is PyStr {
  return typeof v === 'object' && v !== null && typeof (v as PyStr).__py_str__ === 'function';
}

function pyNumber(n: number): string {
  // An integral JS number is Python's int here; an integral float arrives as a PyFloat.
  return Number.isInteger(n) ? String(n) : floatRepr(n);
}

function pyStringLiteral(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/** repr() of a value inside a container. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return pyStringLiteral(v);
  return pyStr(v);
}

/** str() of a value, as `{{ value }}` prints it. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return v;
  if (isPyStr(v)) return v.__py_str__();
  if (v instanceof PyTuple) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([k]) => k !== '__keywords');
    return `{${entries.map(([k, x]) => `${pyStringLiteral(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return String(v);
}

/** Python truthiness of rendered text, for `outcome: {fail_if: ...}` (scenario-format.md). */
export function renderedIsFalse(text: string): boolean {
  return ['', 'False', 'false', '0', 'None'].includes(text.trim());
}
