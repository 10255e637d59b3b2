// How Jinja prints a value: Python's str() of the object, so booleans read True/False, None is
// None, dicts print with quotes as Python does. Keeps rendered fields byte-identical to Airflow's
// for the values scenarios use (numbers, strings, booleans, lists, dicts, datetimes).

import { checkStringLength } from './limits.js';
import { isDict, objectTypeRepr, pyTypeName } from './py_types.js';
import { floatRepr, PyTuple, type PyStr } from './py_values.js';

export type { PyStr } from './py_values.js';

function isPyStr(v: unknown): v is PyStr {
  return typeof v === 'object' && v !== null && typeof (v as PyStr).__py_str__ === 'function';
}

function pyNumber(n: number): string {
  // An integral JS number is Python's int here; an integral float arrives as a PyFloat.
  return Number.isInteger(n) ? String(n) : floatRepr(n);
}

/** Characters str.isprintable() refuses (every separator but the space, controls, unassigned). */
const NOT_PRINTABLE = /(?! )[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/gu;

function pyStringLiteral(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(new RegExp(quote, 'g'), `\\${quote}`)
    .replace(NOT_PRINTABLE, (c) => {
      // Python's repr escapes what str.isprintable() refuses: \xNN, \uNNNN, \UNNNNNNNN.
      const code = c.codePointAt(0)!;
      const hex = code.toString(16);
      return code < 0x100 ? `\\x${hex.padStart(2, '0')}` : code < 0x10000 ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
    });
  return `${quote}${body}${quote}`;
}

/** Containers being printed: one that holds itself prints as Python's [...] / {...}. */
const printing = new Set<object>();

/** The items' reprs joined by ", ", refused as soon as they outgrow the string cap. */
function reprs<T>(container: object, items: readonly T[], repr: (x: T) => string): string {
  if (printing.has(container)) return '...';
  printing.add(container);
  try {
    let total = 0;
    const parts: string[] = [];
    for (const x of items) {
      const r = repr(x);
      total += r.length + 2;
      checkStringLength(total);
      parts.push(r);
    }
    return parts.join(', ');
  } finally {
    printing.delete(container);
  }
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
  if (v instanceof PyTuple) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${reprs(v, v, pyRepr)})`;
  if (Array.isArray(v)) return `[${reprs(v, v, pyRepr)}]`;
  if (v instanceof String) return v.valueOf(); // nunjucks' SafeString (macro output)
  // Functions and Jinja's objects print as Python's repr does, less the address.
  if (typeof v === 'function') return `<${pyTypeName(v)}>`;
  if (typeof v === 'object' && !isDict(v) && !Array.isArray(v)) return `<${objectTypeRepr(v)}>`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([k]) => k !== '__keywords');
    return `{${reprs(v, entries, ([k, x]) => `${pyStringLiteral(k)}: ${pyRepr(x)}`)}}`;
  }
  return String(v);
}

/** Python truthiness of rendered text, for `outcome: {fail_if: ...}` (scenario-format.md). */
export function renderedIsFalse(text: string): boolean {
  return ['', 'False', 'false', '0', 'None'].includes(text.trim());
}
