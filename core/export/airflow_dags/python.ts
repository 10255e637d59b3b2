// Python source text: literals (str, int, float, bool, None, list, dict), identifiers and time
// values, printed the same way every time so generated files are stable byte for byte.
import type { Duration, Instant } from '../../model/scenario.js';
import { isCalendarDuration, relativeDeltaFields } from '../../time/duration.js';
import { toWallClock } from '../../time/zone.js';
import { wallFromMs } from '../../time/civil.js';

/** The longest line the printer aims for (black's default). */
export const LINE = 88;
export const INDENT = '    ';

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type',
]);

/** A double-quoted Python string literal. */
export function pyStr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x2028 || c === 0x2029 || c === 0x85 || (c >= 0xd800 && c <= 0xdfff)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

export function pyNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'float("nan")' : n > 0 ? 'float("inf")' : '-float("inf")';
  return String(n);
}

/** A JSON-like value as a Python literal on one line. */
export function pyInline(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return pyBool(v);
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyInline).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return `{${entries.map(([k, x]) => `${pyStr(k)}: ${pyInline(x)}`).join(', ')}}`;
  }
  return pyStr(String(v));
}

/**
 * A JSON-like value as a Python literal that starts at column `col` of a line indented by
 * `indent`: on one line when it fits, otherwise one element per line with trailing commas.
 */
export function pyLiteral(v: unknown, indent: string, col: number): string {
  const flat = pyInline(v);
  if (col + flat.length <= LINE || v === null || typeof v !== 'object') return flat;
  const inner = indent + INDENT;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${inner}${pyLiteral(x, inner, inner.length)},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => {
    const head = `${inner}${pyStr(k)}: `;
    return `${head}${pyLiteral(x, inner, head.length)},\n`;
  }).join('')}${indent}}`;
}

/** A Python identifier from any text, not a keyword and not in `taken` (which it joins). */
export function pyIdentifier(text: string, taken: Set<string>, suffix = ''): string {
  let base = text.replace(/[^A-Za-z0-9_]/g, '_');
  if (base === '' || /^[0-9]/.test(base)) base = `_${base}`;
  base += suffix;
  if (KEYWORDS.has(base)) base += '_';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/** `timedelta(...)` for a fixed duration, `relativedelta(...)` when it has calendar months. */
export function pyDelta(d: Duration): { code: string; imports: string[] } {
  if (isCalendarDuration(d)) {
    const f = relativeDeltaFields(d);
    const parts = (['years', 'months', 'days', 'hours', 'minutes', 'seconds', 'microseconds'] as const)
      .filter((k) => f[k] !== 0).map((k) => `${k}=${f[k]}`);
    return { code: `relativedelta(${parts.join(', ')})`, imports: ['from dateutil.relativedelta import relativedelta'] };
  }
  return { code: pyTimedelta(d.ms), imports: ['from datetime import timedelta'] };
}

/** `timedelta(hours=1, minutes=30)`: the largest units that add up to `ms` exactly. */
export function pyTimedelta(ms: number): string {
  if (ms === 0) return 'timedelta(0)';
  const sign = ms < 0 ? -1 : 1;
  let rest = Math.abs(ms);
  const units: [string, number][] = [['days', 86_400_000], ['hours', 3_600_000], ['minutes', 60_000], ['seconds', 1000], ['milliseconds', 1]];
  const parts: string[] = [];
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${name}=${sign * n}`);
    rest -= n * size;
  }
  return `timedelta(${parts.join(', ')})`;
}

/** Seconds as Python prints a float or int literal (poke_interval, sleep). */
export function pySeconds(ms: number): string {
  return String(ms / 1000);
}

/**
 * An aware datetime for an instant, shown in `tz`: `pendulum.datetime(2025, 1, 1, tz="UTC")`.
 * Outside UTC the instant is built in UTC and converted, so a time in a DST fold or gap can never
 * be read as a different instant than the scenario's.
 */
export function pyDatetime(ms: Instant, tz: string): string {
  const w = wallFromMs(ms);
  const utc = `pendulum.datetime(${dateArgs(w)}, tz="UTC")`;
  if (tz === 'UTC') return utc;
  const local = toWallClock(ms, tz);
  return `${utc}.in_timezone(${pyStr(tz)})  # ${fmtWall(local)} ${tz}`;
}

/** The same, without a trailing comment (for places where the value is followed by more code). */
export function pyDatetimeExpr(ms: Instant, tz: string): string {
  const w = wallFromMs(ms);
  const utc = `pendulum.datetime(${dateArgs(w)}, tz="UTC")`;
  return tz === 'UTC' ? utc : `${utc}.in_timezone(${pyStr(tz)})`;
}

function dateArgs(w: { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number }): string {
  const args = [w.year, w.month, w.day];
  if (w.hour || w.minute || w.second || w.millisecond) args.push(w.hour, w.minute, w.second);
  if (w.millisecond) args.push(w.millisecond * 1000);
  return args.join(', ');
}

function fmtWall(w: { year: number; month: number; day: number; hour: number; minute: number; second: number }): string {
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}

/** Deterministic ordering of strings without the locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `import` block: `import x` lines, then `from x import a, b` lines merged by module, each group sorted. */
export function importBlock(lines: Iterable<string>): string {
  const plain = new Set<string>();
  const from = new Map<string, Set<string>>();
  for (const l of lines) {
    const m = /^from (\S+) import (.+)$/.exec(l);
    if (m) {
      let s = from.get(m[1]);
      if (!s) from.set(m[1], (s = new Set()));
      for (const n of m[2].split(',')) s.add(n.trim());
    } else plain.add(l);
  }
  const stdlib = (mod: string) => /^(__future__|datetime|os|random|time|json|sys|argparse|urllib)(\.|$)/.test(mod);
  const groups: string[][] = [[], [], []];
  const put = (mod: string, line: string) => groups[mod === '__future__' ? 0 : stdlib(mod) ? 1 : 2].push(line);
  for (const l of plain) put(l.replace(/^import /, ''), l);
  for (const [mod, names] of from) put(mod, `from ${mod} import ${[...names].sort(byText).join(', ')}`);
  // isort's default: `import x` lines first, then `from x import y`, each sorted by module.
  const key = (l: string) => `${l.startsWith('import ') ? 0 : 1}${l.replace(/^(import|from) /, '')}`;
  return groups.filter((g) => g.length).map((g) => g.sort((a, b) => byText(key(a), key(b))).join('\n')).join('\n\n');
}

/** Words wrapped to lines of at most `width` characters (a longer word stays whole). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) { out.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** A block of `# ` comment lines from free text (blank lines kept as `#`). */
export function commentBlock(text: string, indent = ''): string {
  return text.replace(/\s+$/, '').split('\n').map((l) => (l.trim() === '' ? `${indent}#` : `${indent}# ${l.replace(/\s+$/, '')}`)).join('\n');
}
