// The template sandbox at compile time. nunjucks compiles a template to JavaScript source and pastes
// names into it unquoted (`frame.set("NAME", ...)`, `env.getFilter("NAME")`, call names with only
// `"` escaped), so a name like a"&&Function`...`&&" ran code before any run-time check. Here the
// lexer accepts only Python identifiers as names (Jinja's rule, with its "unexpected char" error),
// nunjucks-only syntax (regex literals, async tags, switch) is not Jinja and is refused, every
// string the compiler emits is a JSON literal, and lookups, calls, `~` and dict literals compile
// to the sandbox's run-time doors (sandbox.ts).
import nunjucks from 'nunjucks';
import { pyRepr } from './pyrepr.js';

type AnyNode = { typename: string; value?: unknown; children?: AnyNode[]; target?: AnyNode; val?: AnyNode; name?: AnyNode; args?: AnyNode; key?: AnyNode; left?: AnyNode; right?: AnyNode; lineno: number; colno: number; pyAttr?: boolean };
interface CompilerThis { _emit(code: string): void; compile(node: AnyNode | null | undefined, frame: unknown): void; _compileExpression(node: AnyNode, frame: unknown): void; _compileAggregate(node: AnyNode, frame: unknown, start: string, end: string): void }
type CompilerProto = Record<string, (this: CompilerThis, node: AnyNode, frame: unknown, ...rest: unknown[]) => unknown>;
interface Token { type: string; value: string; lineno: number; colno: number }
interface TokenizerThis { str: string; index: number; lineno: number; colno: number; forward(): void; dotNames?: Set<string>; prevToken?: Token | null }
interface ParserThis { tokens: TokenizerThis; peekToken(): Token | null; fail(msg: string, lineno?: number, colno?: number): never }

/** Python 3 identifiers (PEP 3131), as Jinja's lexer reads names. */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const NOT_JINJA_TAGS = new Set(['ifAsync', 'asyncEach', 'asyncAll', 'switch', 'verbatim']);

/** A JavaScript string literal for any text (U+2028/9 escaped too). */
export function jsString(s: string): string {
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(`TemplateSyntaxError: ${message}`);
  }
}

function lexer(Tokenizer: { nextToken(this: TokenizerThis): Token | null }): void {
  const next = Tokenizer.nextToken;
  Tokenizer.nextToken = function (this: TokenizerThis) {
    const at = { index: this.index, lineno: this.lineno, colno: this.colno };
    let tok = next.call(this);
    if (tok && tok.type === 'regex') {
      // `r/x/` is nunjucks' regex literal; in Jinja it is the name r and a division.
      Object.assign(this, at);
      this.forward();
      tok = { type: 'symbol', value: 'r', lineno: at.lineno, colno: at.colno };
    }
    if (tok && tok.type === 'symbol' && !IDENTIFIER.test(tok.value)) {
      const chars = [...tok.value];
      const bad = chars.findIndex((c, i) => !IDENTIFIER.test(i === 0 ? c : `a${c}`));
      const offset = this.index - tok.value.length + chars.slice(0, bad).join('').length;
      throw new TemplateSyntaxError(`unexpected char ${pyRepr(chars[bad])} at ${offset}`);
    }
    if (tok && tok.type === 'symbol' && this.prevToken?.type === 'operator' && this.prevToken.value === '.') {
      (this.dotNames ??= new Set()).add(`${tok.lineno}:${tok.colno}`);
    }
    if (tok && tok.type !== 'whitespace') this.prevToken = tok;
    return tok;
  };
}

function parser(Parser: { prototype: Record<string, (...a: unknown[]) => unknown> }): void {
  const P = Parser.prototype;
  const statement = P.parseStatement;
  P.parseStatement = function (this: ParserThis, ...args: unknown[]) {
    const tok = this.peekToken();
    if (tok && tok.type === 'symbol' && NOT_JINJA_TAGS.has(tok.value)) this.fail(`Encountered unknown tag '${tok.value}'.`, tok.lineno, tok.colno);
    return statement.apply(this, args);
  };
  // Mark `x.name` lookups (the name came after a dot): Jinja tries the attribute first there and
  // the item first in `x["name"]`.
  const postfix = P.parsePostfix;
  P.parsePostfix = function (this: ParserThis, ...args: unknown[]) {
    const node = postfix.apply(this, args) as AnyNode;
    const dots = this.tokens.dotNames;
    for (let n: AnyNode | undefined = node; n && dots; n = n.typename === 'LookupVal' ? n.target : n.typename === 'FunCall' ? n.name : undefined) {
      if (n.typename === 'LookupVal' && n.val?.typename === 'Literal' && dots.has(`${n.val.lineno}:${n.val.colno}`)) n.pyAttr = true;
    }
    return node;
  };
}

/** A call's name for error messages, as text (never pasted into code unquoted). */
function nodeName(node: AnyNode | undefined): string {
  if (!node) return '--expression--';
  if (node.typename === 'Symbol') return String(node.value);
  if (node.typename === 'LookupVal') return `${nodeName(node.target)}["${node.val?.typename === 'Literal' ? String(node.val.value) : nodeName(node.val)}"]`;
  if (node.typename === 'FunCall') return `the return value of (${nodeName(node.name)})`;
  if (node.typename === 'Literal') return String(node.value);
  return '--expression--';
}

function compiler(Compiler: { prototype: CompilerProto }): void {
  const C = Compiler.prototype;
  C.compileLookupVal = function (node, frame) {
    const kind = node.val?.typename === 'Slice' ? 'pySlice' : node.pyAttr ? 'pyGetattr' : 'pyGetitem';
    this._emit(`runtime.${kind}((`);
    this.compile(node.target, frame);
    this._emit('),');
    if (kind === 'pyGetattr') this._emit(jsString(String(node.val?.value)));
    else if (kind === 'pySlice') this.compile(node.val, frame);
    else { this._emit('('); this.compile(node.val, frame); this._emit(')'); }
    this._emit(')');
  };
  C.compileFunCall = function (node, frame) {
    this._emit(`(lineno = ${Number(node.lineno)}, colno = ${Number(node.colno)}, runtime.callWrap(`);
    this._compileExpression(node.name as AnyNode, frame);
    this._emit(`, ${jsString(nodeName(node.name))}, context, `);
    this._compileAggregate(node.args as AnyNode, frame, '[', '])');
    this._emit(')');
  };
  C.compileConcat = function (node, frame) {
    this._emit('runtime.pyConcat(');
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
  C.compileDict = function (node, frame) {
    this._compileAggregate(node, frame, 'runtime.pyDict([', '])');
  };
  const pair = C.compilePair;
  C.compilePair = function (node, frame, ...rest) {
    const key = node.key as AnyNode;
    if (key.typename !== 'Symbol' && !(key.typename === 'Literal' && typeof key.value === 'string')) return pair.call(this, node, frame, ...rest);
    this._emit(`[${jsString(String(key.value))}, `);
    this._compileExpression(node.value as unknown as AnyNode, frame);
    this._emit(']');
    return undefined;
  };
  const literal = C.compileLiteral;
  C.compileLiteral = function (node, frame, ...rest) {
    if (typeof node.value === 'string') { this._emit(jsString(node.value)); return undefined; }
    if (node.value !== null && typeof node.value !== 'number' && typeof node.value !== 'boolean') throw new TemplateSyntaxError(`unexpected literal ${String(node.value)}`);
    return literal.call(this, node, frame, ...rest);
  };
}

/** Installs the compile-time guards (after python_compat's lexer and compiler changes). */
export function installCompileGuard(): void {
  const n = nunjucks as unknown as {
    lexer: { lex(src: string): object };
    parser: { Parser: { prototype: Record<string, (...a: unknown[]) => unknown> } };
    compiler: { Compiler: { prototype: CompilerProto } };
  };
  lexer(Object.getPrototypeOf(n.lexer.lex('')) as { nextToken(this: TokenizerThis): Token | null });
  parser(n.parser.Parser);
  compiler(n.compiler.Compiler);
}
