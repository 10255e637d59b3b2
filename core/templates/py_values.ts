// Python's values where JavaScript's differ, for templates to print and compute as Jinja does.
// A JS number cannot say whether it is Python's int 1 or float 1.0, and `{{ 10 / 5 }}` prints
// "2.0" in Jinja. Non-integral numbers are floats either way, so only an integral float needs a
// wrapper: PyFloat. Tuples print with parentheses: PyTuple.
import { checkListLength, checkStringLength } from './limits.js';
import { PyError } from './py_error.js';

/** A value that prints itself as Python's str() would (datetimes): pyrepr.ts calls it. */
export interface PyStr { __py_str__(): string }

export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number { return this.value; }
  toString(): string { return floatRepr(this.value); }
  toJSON(): number { return this.value; }
  __py_str__(): string { return floatRepr(this.value); }
}

export class PyTuple extends Array<unknown> {}

export function tupleOf(items: readonly unknown[]): PyTuple {
  const t = new PyTuple();
  for (const x of items) t.push(x);
  return t;
}

/** A float result: integral values wrapped so they print as floats. */
export function floatOf(v: number): number | PyFloat {
  return Number.isInteger(v) ? new PyFloat(v) : v;
}

export function isNumeric(x: unknown): x is number | boolean | PyFloat {
  return typeof x === 'number' || typeof x === 'boolean' || x instanceof PyFloat;
}

/** Python's float-ness of a numeric value (a non-integral JS number can only be a float). */
export function isFloat(x: unknown): boolean {
  return x instanceof PyFloat || (typeof x === 'number' && !Number.isInteger(x));
}

export const num = (x: unknown): number => Number(x instanceof PyFloat ? x.value : x);

/** repr() of a float: the shortest round-trip digits, exponent from 1e16 and below 1e-4. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = n.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(n);
  return Number.isInteger(n) ? `${Object.is(n, -0) ? '-0' : s}.0` : s;
}

/** Python truthiness: empty strings, lists and dicts, 0 and 0.0 and None are false. */
export function pyBool(x: unknown): boolean {
  if (x instanceof PyUndefined) x.fail();
  if (x === null || x === undefined) return false;
  if (x instanceof PyFloat) return x.value !== 0;
  if (typeof x === 'number') return x !== 0; // NaN is true in Python, as in `NaN !== 0`
  if (typeof x === 'string' || Array.isArray(x)) return x.length > 0;
  if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) return Object.keys(x as object).length > 0;
  return Boolean(x);
}

/** Jinja's StrictUndefined: a missing key of a dict. Using it (printing, testing its truth,
 * looking into it) raises UndefinedError; `default` and `is defined` see it as undefined. The
 * sandbox's refusals are undefined values too, raising SecurityError when used. */
export class PyUndefined {
  constructor(readonly hint: string, readonly errorType: 'UndefinedError' | 'SecurityError' = 'UndefinedError') {}
  fail(): never { throw new PyError(this.errorType, this.hint); }
  __py_str__(): string { return this.fail(); }
}

export { PyError } from './py_error.js';

const typeName = (x: unknown): string => {
  if (x === null || x === undefined) return 'NoneType';
  if (typeof x === 'boolean') return 'bool';
  if (isFloat(x)) return 'float';
  if (typeof x === 'number') return 'int';
  if (typeof x === 'string') return 'str';
  if (x instanceof PyTuple) return 'tuple';
  if (Array.isArray(x)) return 'list';
  return 'dict';
};

/** `a <op> b` as Python computes it (the numeric tower int → float, str and list operators). */
export function pyBinary(op: string, a: unknown, b: unknown): unknown {
  if (a instanceof PyUndefined) a.fail();
  if (b instanceof PyUndefined) b.fail();
  if (isNumeric(a) && isNumeric(b)) return numeric(op, a, b);
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') { checkStringLength(a.length + b.length); return a + b; }
    if (Array.isArray(a) && Array.isArray(b) && (a instanceof PyTuple) === (b instanceof PyTuple)) {
      checkListLength(a.length + b.length);
      return a instanceof PyTuple ? tupleOf([...a, ...b]) : [...a, ...b];
    }
    if (typeof a === 'string') throw new PyError('TypeError', `can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (op === '*') {
    const [seq, times] = isNumeric(b) && !isFloat(b) ? [a, num(b)] : [b, num(a)];
    if (typeof seq === 'string' && (isNumeric(a) !== isNumeric(b))) {
      checkStringLength(seq.length * Math.max(0, times));
      return seq.repeat(Math.max(0, times));
    }
    if (Array.isArray(seq) && (isNumeric(a) !== isNumeric(b))) {
      checkListLength(seq.length * Math.max(0, times));
      const out: unknown[] = [];
      for (let i = 0; seq.length > 0 && i < times; i++) out.push(...seq);
      return seq instanceof PyTuple ? tupleOf(out) : out;
    }
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, b instanceof PyTuple ? [...b] : [b]);
  throw new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function numeric(op: string, a: number | boolean | PyFloat, b: number | boolean | PyFloat): number | PyFloat {
  const x = num(a);
  const y = num(b);
  const float = isFloat(a) || isFloat(b);
  const out = (v: number) => (float ? floatOf(v) : v);
  switch (op) {
    case '+': return out(x + y);
    case '-': return out(x - y);
    case '*': return out(x * y);
    case '/':
      if (y === 0) throw new PyError('ZeroDivisionError', float ? 'float division by zero' : 'division by zero');
      return floatOf(x / y);
    case '//':
      if (y === 0) throw new PyError('ZeroDivisionError', float ? 'float floor division by zero' : 'integer division or modulo by zero');
      return out(Math.floor(x / y));
    case '%': {
      if (y === 0) throw new PyError('ZeroDivisionError', float ? 'float modulo' : 'integer modulo by zero');
      const r = x % y;
      return out(r !== 0 && (r < 0) !== (y < 0) ? r + y : r);
    }
    case '**':
      if (x === 0 && y < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
      return float || y < 0 ? floatOf(x ** y) : x ** y;
  }
  throw new PyError('TypeError', `unsupported operator ${op}`);
}

export function pyNegate(a: unknown): unknown {
  if (!isNumeric(a)) throw new PyError('TypeError', `bad operand type for unary -: '${typeName(a)}'`);
  return isFloat(a) ? floatOf(-num(a)) : -num(a);
}

/** `'%s-%d' % (a, 3)` and Jinja's `format` filter: Python's printf-style formatting (the common
 * conversions: s r d i f F e E g x o %, with flags, width and precision). */
export function percentFormat(fmt: string, args: readonly unknown[], str: (v: unknown) => string = String, repr: (v: unknown) => string = String): string {
  let i = 0;
  const out = fmt.replace(/%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sridfFeEgGxXo%])/g, (_m, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (i >= args.length) throw new PyError('TypeError', 'not enough arguments for format string');
    const v = args[i++];
    const p = prec === undefined ? undefined : Number(prec);
    let s: string;
    switch (conv) {
      case 's': s = str(v); if (p !== undefined) s = s.slice(0, p); break;
      case 'r': s = repr(v); break;
      case 'd': case 'i': s = String(Math.trunc(num(v))); break;
      case 'f': case 'F': s = num(v).toFixed(p ?? 6); break;
      case 'e': case 'E': { const [m, e] = num(v).toExponential(p ?? 6).split('e'); s = `${m}e${e[0] === '-' ? '-' : '+'}${e.replace(/^[+-]/, '').padStart(2, '0')}`; if (conv === 'E') s = s.toUpperCase(); break; }
      case 'g': case 'G': s = String(Number(num(v).toPrecision(p || 6))); break;
      case 'x': s = Math.trunc(num(v)).toString(16); break;
      case 'X': s = Math.trunc(num(v)).toString(16).toUpperCase(); break;
      default: s = Math.trunc(num(v)).toString(8);
    }
    if (flags.includes('+') && /^[0-9]/.test(s) && conv !== 's' && conv !== 'r') s = `+${s}`;
    const w = width === undefined || width === '*' ? 0 : Number(width);
    checkStringLength(w);
    if (s.length < w) s = flags.includes('-') ? s.padEnd(w) : flags.includes('0') && conv !== 's' ? s.replace(/^([+-]?)/, (sign) => sign + '0'.repeat(w - s.length)) : s.padStart(w);
    return s;
  });
  if (i < args.length) throw new PyError('TypeError', 'not all arguments converted during string formatting');
  return out;
}
