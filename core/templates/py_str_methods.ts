// Python's str methods as templates call them (`ds.replace('-', '')` replaces every match, split
// and strip follow Python's whitespace rules). The sandbox hands them out as bound methods.
import { checkStringLength } from './limits.js';
import { num, PyError } from './py_values.js';
import { pyStr } from './pyrepr.js';

/** Python's str methods templates call, by name (the sandbox hands them out as bound methods). */
export const STRING_METHODS: Record<string, (s: string, ...a: unknown[]) => unknown> = {
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
      checkStringLength(s.length + Math.min(n, s.length + 1) * to.length);
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
    checkStringLength(s.length + Math.min(n, parts.length - 1) * (to.length - from.length));
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
  zfill: (s, w) => (checkStringLength(num(w)), s.length >= num(w) ? s : (/^[+-]/.test(s) ? s[0] + s.slice(1).padStart(num(w) - 1, '0') : s.padStart(num(w), '0'))),
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
