// Python semantics for nunjucks templates, where Jinja (and so Airflow) differs from JavaScript:
// arithmetic (int vs float, floor modulo, ZeroDivisionError), float literals (`1.0`), truthiness
// (empty dicts and 0.0 are false), tuples, str methods (`ds.replace('-', '')` replaces all),
// slices and negative indices on strings, `dict.get(k)` giving None, and the filters and tests
// Jinja has that nunjucks lacks or computes otherwise (round, float, sum, max, min, join, format,
// number/float/integer). Checked against real Jinja2 in test/templates/jinja_fidelity.test.ts.
import nunjucks from 'nunjucks';
import { floatOf, isFloat, isNumeric, num, percentFormat, pyBinary, pyBool, PyError, pyNegate, PyTuple, PyUndefined, tupleOf } from './py_values.js';
import { pyRepr, pyStr } from './pyrepr.js';

type AnyNode = { typename: string; value?: unknown; children?: AnyNode[]; cond?: AnyNode; target?: AnyNode; left?: AnyNode; right?: AnyNode; lineno: number; colno: number; pyFloat?: boolean; pyBool?: boolean };
type CompilerProto = Record<string, (this: CompilerThis, node: AnyNode, frame: unknown, ...rest: unknown[]) => unknown>;
interface CompilerThis { _emit(code: string): void; compile(node: AnyNode | null | undefined, frame: unknown): void }

const STRING_METHODS: Record<string, (s: string, ...a: unknown[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  title: (s) => s.replace(/[A-Za-z]+/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s),
  strip: (s, chars) => trim(s, chars, true, true),
  lstrip: (s, chars) => trim(s, chars, true, false),
  rstrip: (s, chars) => trim(s, chars, false, true),
  split: (s, sep, max) => split(s, sep, max),
  replace: (s, a, b, count) => {
    const n = count === undefined || count === null || num(count) < 0 ? Infinity : num(count);
    const from = String(a);
    const to = String(b);
    if (from === '') {
      // Python inserts between every character and at both ends (up to count times).
      let out = '';
      let used = 0;
      const chars = [...s];
      for (let i = 0; i <= chars.length; i++) {
        if (used < n) { out += to; used++; }
        if (i < chars.length) out += chars[i];
      }
      return out;
    }
    const parts = s.split(from);
    if (n >= parts.length - 1) return parts.join(to);
    return parts.slice(0, n + 1).join(to) + from + parts.slice(n + 1).join(from);
  },
  startswith: (s, p) => (p instanceof Array ? p.some((x) => s.startsWith(String(x))) : s.startsWith(String(p))),
  endswith: (s, p) => (p instanceof Array ? p.some((x) => s.endsWith(String(x))) : s.endsWith(String(p))),
  find: (s, x) => s.indexOf(String(x)),
  rfind: (s, x) => s.lastIndexOf(String(x)),
  count: (s, x) => (String(x) === '' ? s.length + 1 : s.split(String(x)).length - 1),
  join: (s, items) => (items as unknown[]).map((x) => {
    if (typeof x !== 'string') throw new PyError('TypeError', `sequence item: expected str instance, ${typeof x} found`);
    return x;
  }).join(s),
  zfill: (s, w) => (s.length >= num(w) ? s : (/^[+-]/.test(s) ? s[0] + s.slice(1).padStart(num(w) - 1, '0') : s.padStart(num(w), '0'))),
  isdigit: (s) => /^[0-9]+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  format: (s, ...args) => s.replace(/\{(\d*)\}/g, (_m, i: string) => pyStr(args[i === '' ? 0 : Number(i)])),
};

function trim(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? null : new Set(String(chars));
  const strip = (c: string) => (set ? set.has(c) : /\s/.test(c));
  let a = 0;
  let b = s.length;
  while (left && a < b && strip(s[a])) a++;
  while (right && b > a && strip(s[b - 1])) b--;
  return s.slice(a, b);
}

function split(s: string, sep: unknown, max: unknown): string[] {
  const limit = max === undefined || max === null || num(max) < 0 ? Infinity : num(max);
  if (sep === undefined || sep === null) {
    const parts: string[] = [];
    let rest = s.replace(/^\s+/, '');
    while (rest && parts.length < limit) {
      const m = /\s+/.exec(rest);
      if (!m) break;
      parts.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    if (rest) parts.push(parts.length < limit ? rest.replace(/\s+$/, '') : rest);
    return parts;
  }
  const d = String(sep);
  if (d === '') throw new PyError('ValueError', 'empty separator');
  const all = s.split(d);
  return all.length - 1 <= limit ? all : [...all.slice(0, limit), all.slice(limit).join(d)];
}

/** Python rounding: half to even on the decimal digits, as round() does for exact halves. */
function pyRound(x: number, digits: number): number {
  const f = 10 ** digits;
  const scaled = x * f;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5) return (floor % 2 === 0 ? floor : floor + 1) / f;
  return Number(x.toFixed(Math.max(0, digits)));
}

function python(runtime: Record<string, unknown>): void {
  const memberLookup = runtime.memberLookup as (obj: unknown, val: unknown, ...rest: unknown[]) => unknown;
  runtime.memberLookup = function (this: unknown, obj: unknown, val: unknown, ...rest: unknown[]) {
    if (rest.length === 2) {
      // A slice: [start:stop:step]. Strings slice to strings.
      const r = memberLookup.call(this, typeof obj === 'string' ? [...obj] : obj, val, ...rest) as unknown[];
      return typeof obj === 'string' ? r.join('') : obj instanceof PyTuple ? tupleOf(r) : r;
    }
    if (typeof obj === 'string') {
      if (typeof val === 'number') return obj[val < 0 ? obj.length + val : val];
      const m = STRING_METHODS[String(val)];
      if (m) return (...a: unknown[]) => m(obj, ...a);
    }
    if (obj instanceof PyUndefined) obj.fail();
    if (Array.isArray(obj) && typeof val === 'number' && val < 0) return obj[obj.length + val];
    if (obj !== null && typeof obj === 'object' && Object.getPrototypeOf(obj) === Object.prototype) {
      // dict.get(key) is None when the key is missing; items() are (key, value) tuples.
      if (val === 'get' && !(obj as Record<string, unknown>).get) return (k: string, def: unknown = null) => (k in (obj as object) ? (obj as Record<string, unknown>)[k] : def);
      if ((val === 'items' || val === 'iteritems') && !(obj as Record<string, unknown>).items) return () => Object.entries(obj as object).map((e) => tupleOf(e));
    }
    const found = memberLookup.call(this, obj, val, ...rest);
    if (found === undefined && obj !== null && typeof obj === 'object' && Object.getPrototypeOf(obj) === Object.prototype && !(String(val) in obj)) {
      return new PyUndefined(`'dict object' has no attribute ${typeof val === 'number' ? val : `'${String(val)}'`}`);
    }
    return found;
  };
  Object.assign(runtime, {
    pyBinary, pyNegate, pyBool,
    pyFloat: (v: number) => floatOf(v),
    pyTuple: (...items: unknown[]) => tupleOf(items),
    pyAnd: (a: unknown, b: () => unknown) => (pyBool(a) ? b() : a),
    pyOr: (a: unknown, b: () => unknown) => (pyBool(a) ? a : b()),
  });
}

function compiler(Compiler: { prototype: CompilerProto }, Parser: { prototype: Record<string, (...a: unknown[]) => unknown> }, nodes: Record<string, new (...a: unknown[]) => AnyNode>): void {
  const C = Compiler.prototype;
  const binary = (op: string) => function (this: CompilerThis, node: AnyNode, frame: unknown) {
    this._emit(`runtime.pyBinary(${JSON.stringify(op)}, `);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
  for (const [name, op] of [['Add', '+'], ['Sub', '-'], ['Mul', '*'], ['Div', '/'], ['FloorDiv', '//'], ['Mod', '%'], ['Pow', '**']]) C[`compile${name}`] = binary(op);
  C.compileNeg = function (node, frame) { this._emit('runtime.pyNegate('); this.compile(node.target, frame); this._emit(')'); };
  C.compileNot = function (node, frame) { this._emit('!runtime.pyBool('); this.compile(node.target, frame); this._emit(')'); };
  const lazy = (fn: string) => function (this: CompilerThis, node: AnyNode, frame: unknown) {
    this._emit(`runtime.${fn}(`);
    this.compile(node.left, frame);
    this._emit(', function() { return ');
    this.compile(node.right, frame);
    this._emit('; })');
  };
  C.compileAnd = lazy('pyAnd');
  C.compileOr = lazy('pyOr');

  // Conditions are Python truthiness: a marked Group compiles to runtime.pyBool(cond).
  const truthy = (cond: AnyNode | undefined): AnyNode | undefined => {
    if (!cond) return cond;
    const g = new nodes.Group(cond.lineno, cond.colno, [cond]);
    g.pyBool = true;
    return g;
  };
  for (const name of ['compileIf', 'compileInlineIf']) {
    const orig = C[name];
    C[name] = function (node, frame, ...rest) {
      const cond = node.cond;
      node.cond = truthy(cond);
      try { return orig.call(this, node, frame, ...rest); } finally { node.cond = cond; }
    };
  }
  const group = C.compileGroup;
  C.compileGroup = function (node, frame, ...rest) {
    const kids = node.children ?? [];
    if (node.pyBool || kids.length > 1) {
      // (a, b) is a tuple in Python, not JavaScript's comma operator.
      this._emit(node.pyBool ? 'runtime.pyBool(' : 'runtime.pyTuple(');
      kids.forEach((k, i) => { if (i) this._emit(', '); this.compile(k, frame); });
      this._emit(')');
      return undefined;
    }
    return group.call(this, node, frame, ...rest);
  };
  const literal = C.compileLiteral;
  C.compileLiteral = function (node, frame, ...rest) {
    if (node.pyFloat) { this._emit(`runtime.pyFloat(${String(node.value)})`); return undefined; }
    return literal.call(this, node, frame, ...rest);
  };
  // `1.0` is a float literal: remember it (nunjucks' parser keeps only the number).
  const primary = Parser.prototype.parsePrimary;
  Parser.prototype.parsePrimary = function (this: { peekToken(): { type: string; value: string } | null }, ...args: unknown[]) {
    const tok = this.peekToken();
    const node = primary.apply(this, args) as AnyNode;
    if (tok && tok.type === 'float' && node.typename === 'Literal') node.pyFloat = Number.isInteger(node.value);
    return node;
  };
}

function filters(env: nunjucks.Environment): void {
  env.addFilter('round', (v: unknown, precision: unknown = 0, method: unknown = 'common') => {
    const x = num(v);
    const p = num(precision);
    if (method === 'ceil') return floatOf(Math.ceil(x * 10 ** p) / 10 ** p);
    if (method === 'floor') return floatOf(Math.floor(x * 10 ** p) / 10 ** p);
    // round(int, n) stays an int in Python; a float stays a float.
    return isFloat(v) ? floatOf(pyRound(x, p)) : pyRound(x, p);
  });
  env.addFilter('float', (v: unknown, def: unknown = 0.0) => {
    const x = isNumeric(v) ? num(v) : Number.parseFloat(String(v));
    return Number.isNaN(x) && !(isNumeric(v)) ? floatOf(num(def)) : floatOf(x);
  });
  env.addFilter('int', (v: unknown, def: unknown = 0) => {
    const x = isNumeric(v) ? num(v) : Number.parseFloat(String(v));
    return Number.isNaN(x) ? def : Math.trunc(x);
  });
  env.addFilter('abs', (v: unknown) => (isFloat(v) ? floatOf(Math.abs(num(v))) : Math.abs(num(v))));
  env.addFilter('sum', (items: unknown[], attribute?: string, start: unknown = 0) =>
    (items ?? []).reduce((acc: unknown, x) => pyBinary('+', acc, attribute ? (x as Record<string, unknown>)[attribute] : x), start));
  // Python orders strings by code point (not by locale) and numbers by value.
  const greater = (x: unknown, y: unknown): boolean => (typeof x === 'string' && typeof y === 'string' ? x > y : num(x) > num(y));
  const pick = (sign: number) => (items: unknown[]) => {
    const list = [...(items ?? [])];
    if (!list.length) return undefined;
    return list.reduce((best, x) => ((sign > 0 ? greater(x, best) : greater(best, x)) ? x : best));
  };
  env.addFilter('max', pick(1));
  env.addFilter('min', pick(-1));
  env.addFilter('join', (items: unknown[], sep: unknown = '', attribute?: string) =>
    (items ?? []).map((x) => pyStr(attribute ? (x as Record<string, unknown>)[attribute] : x)).join(String(sep)));
  env.addFilter('string', (v: unknown) => pyStr(v));
  // Jinja's default replaces only undefined values (a missing key), not None, unless asked to.
  const orDefault = (v: unknown, def: unknown = '', boolean: unknown = false) =>
    (v === undefined || v instanceof PyUndefined || (boolean === true && !pyBool(v)) ? def : v);
  env.addFilter('default', orDefault);
  env.addFilter('d', orDefault);
  env.addFilter('format', (fmt: unknown, ...args: unknown[]) => percentFormat(String(fmt), args, pyStr, pyRepr));
  // addTest exists at run time; @types/nunjucks omits it.
  const tests = env as unknown as { addTest(name: string, f: (v: unknown) => boolean): void };
  tests.addTest('number', (v) => isNumeric(v) && typeof v !== 'boolean');
  tests.addTest('defined', (v) => v !== undefined && !(v instanceof PyUndefined));
  tests.addTest('undefined', (v) => v === undefined || v instanceof PyUndefined);
  tests.addTest('float', (v) => isFloat(v));
  tests.addTest('integer', (v) => typeof v === 'number' && Number.isInteger(v));
}

interface Token { type: string; value: string; lineno: number; colno: number }
interface TokenizerThis { str: string; index: number; current(): string; forward(): void; lastToken?: Token | null }

/** Number literals with exponents (`1e3`, `2.5e-05`) and names after a dot that nunjucks keeps as
 * keywords (`params.none`, `x.true`): tokens Jinja reads and nunjucks' lexer does not. */
function lexer(Tokenizer: { nextToken(this: TokenizerThis): Token | null }): void {
  const next = Tokenizer.nextToken;
  Tokenizer.nextToken = function (this: TokenizerThis) {
    let tok = next.call(this);
    if (tok) {
      const exponent = (tok.type === 'float' || (tok.type === 'symbol' && /^[0-9]+[eE]$/.test(tok.value)));
      if (exponent && /[eE]/.test(tok.value.slice(-1))) {
        // "1e" then "-5": the sign is a delimiter to nunjucks.
        const m = /^[+-]?[0-9]+/.exec(this.str.slice(this.index));
        if (m) { for (let k = 0; k < m[0].length; k++) this.forward(); tok = { ...tok, type: 'float', value: tok.value + m[0] }; }
      } else if (tok.type === 'float' && /[eE]/.test(this.current())) {
        const m = /^[eE][+-]?[0-9]+/.exec(this.str.slice(this.index));
        if (m) { for (let k = 0; k < m[0].length; k++) this.forward(); tok = { ...tok, value: tok.value + m[0] }; }
      } else if (tok.type === 'symbol' && /^[0-9]+[eE][0-9]+$/.test(tok.value)) {
        tok = { ...tok, type: 'float' };
      } else if ((tok.type === 'none' || tok.type === 'boolean') && this.lastToken?.type === 'operator' && this.lastToken.value === '.') {
        tok = { ...tok, type: 'symbol' };
      }
    }
    if (tok && tok.type !== 'whitespace') this.lastToken = tok;
    return tok;
  };
}

export function installPythonCompat(env: nunjucks.Environment): void {
  const n = nunjucks as unknown as {
    lexer: { lex(src: string, opts?: unknown): object };
    runtime: Record<string, unknown>;
    compiler: { Compiler: { prototype: CompilerProto } };
    parser: { Parser: { prototype: Record<string, (...a: unknown[]) => unknown> } };
    nodes: Record<string, new (...a: unknown[]) => AnyNode>;
  };
  lexer(Object.getPrototypeOf(n.lexer.lex('')) as { nextToken(this: TokenizerThis): Token | null });
  python(n.runtime);
  compiler(n.compiler.Compiler, n.parser.Parser, n.nodes);
  filters(env);
}

