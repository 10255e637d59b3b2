// Python semantics for nunjucks templates, where Jinja (and so Airflow) differs from JavaScript:
// arithmetic (int vs float, floor modulo, ZeroDivisionError), float literals (`1.0`), truthiness
// (empty dicts and 0.0 are false), tuples, str methods (`ds.replace('-', '')` replaces all),
// slices and negative indices on strings, `dict.get(k)` giving None, and the filters and tests
// Jinja has that nunjucks lacks or computes otherwise (round, float, sum, max, min, join, format,
// number/float/integer). Checked against real Jinja2 in test/templates/jinja_fidelity.test.ts.
import nunjucks from 'nunjucks';
import { floatOf, isFloat, isNumeric, num, percentFormat, pyBinary, pyBool, PyError, pyNegate, PyTuple, PyUndefined, tupleOf } from './py_values.js';
import { pyRepr, pyStr } from './pyrepr.js';
import { checkStringLength } from './limits.js';
import { attrGetter } from './py_getattr.js';

type AnyNode = { typename: string; value?: unknown; children?: AnyNode[]; cond?: AnyNode; target?: AnyNode; left?: AnyNode; right?: AnyNode; lineno: number; colno: number; pyFloat?: boolean; pyBool?: boolean };
type CompilerProto = Record<string, (this: CompilerThis, node: AnyNode, frame: unknown, ...rest: unknown[]) => unknown>;
interface CompilerThis { _emit(code: string): void; compile(node: AnyNode | null | undefined, frame: unknown): void }

/** Python rounding: half to even on the decimal digits, as round() does for exact halves. */
function pyRound(x: number, digits: number): number {
  const f = 10 ** digits;
  const scaled = x * f;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5) return (floor % 2 === 0 ? floor : floor + 1) / f;
  return Number(x.toFixed(Math.max(0, digits)));
}

function python(runtime: Record<string, unknown>): void {
  // Attribute and item lookups are the sandbox's (sandbox.ts); these are Python's operators.
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

/** nunjucks passes keyword arguments as one object, last; Jinja's filters take them by name. */
function kw(names: string[], f: (...a: never[]) => unknown): (...a: unknown[]) => unknown {
  return (...args: unknown[]) => {
    const last = args[args.length - 1];
    if (last !== null && typeof last === 'object' && Object.prototype.hasOwnProperty.call(last, '__keywords')) {
      args = args.slice(0, -1);
      names.forEach((n, i) => {
        if (!Object.prototype.hasOwnProperty.call(last, n)) return;
        while (args.length < i) args.push(undefined);
        args[i] = (last as Record<string, unknown>)[n];
      });
    }
    return (f as (...a: unknown[]) => unknown)(...args);
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
  env.addFilter('sum', kw(['iterable', 'attribute', 'start'], (items: unknown[], attribute?: string, start: unknown = 0) => {
    const get = attribute ? attrGetter(attribute) : (x: unknown) => x;
    return [...(items ?? [])].reduce((acc: unknown, x) => pyBinary('+', acc, get(x)), start);
  }));
  // Python orders strings by code point (not by locale) and numbers by value.
  const greater = (x: unknown, y: unknown): boolean => (typeof x === 'string' && typeof y === 'string' ? x > y : num(x) > num(y));
  const pick = (sign: number) => (items: unknown[]) => {
    const list = [...(items ?? [])];
    if (!list.length) return undefined;
    return list.reduce((best, x) => ((sign > 0 ? greater(x, best) : greater(best, x)) ? x : best));
  };
  env.addFilter('max', pick(1));
  env.addFilter('min', pick(-1));
  env.addFilter('join', kw(['value', 'd', 'attribute'], (items: unknown[], sep: unknown = '', attribute?: string) => {
    const get = attribute ? attrGetter(attribute) : (x: unknown) => x;
    const parts = [...(items ?? [])].map((x) => pyStr(get(x)));
    checkStringLength(parts.reduce((n, p) => n + p.length, 0) + Math.max(0, parts.length - 1) * String(sep).length);
    return parts.join(String(sep));
  }));
  env.addFilter('string', (v: unknown) => pyStr(v));
  // Jinja picks with Python's random module; a Windtunnel run must repeat exactly, so the pick is a
  // hash of the sequence (nunjucks used Math.random).
  env.addFilter('random', (seq: unknown) => {
    const items = typeof seq === 'string' ? [...seq] : [...((seq ?? []) as unknown[])];
    if (!items.length) return new PyUndefined('No random item, sequence was empty.');
    let h = 0x811c9dc5;
    for (const ch of pyStr(items)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    return items[h % items.length];
  });
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

