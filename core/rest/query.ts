// Query strings as Starlette parses them (urllib.parse.parse_qsl, keep_blank_values: "+" is a space,
// %XX is UTF-8 with U+FFFD for bad bytes, a repeated scalar parameter takes its last value), and the
// pagination parameters of Airflow's list routes (limit / offset / order_by).
import { checkInt, errors, type ValidationErrorItem } from './pydantic.js';
import { atLeast, type RestProfile } from './profile.js';

export type QueryParams = Map<string, string[]>;

function utf8Decode(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) {
      out += '\uFFFD';
      i += 1;
      continue;
    }
    let cp = need === 0 ? b : b & (0x3f >> need);
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok) {
      out += '\uFFFD';
      i += 1;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** urllib.parse.unquote: %XX sequences as UTF-8 bytes; everything else unchanged ("+" stays "+"). */
export function unquote(s: string): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      for (const c of ch) {
        const code = c.codePointAt(0)!;
        if (code < 0x80) bytes.push(code);
        else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
        else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
        else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
      }
      i += ch.length;
    }
  }
  return utf8Decode(bytes);
}

/** parse_qsl(qs, keep_blank_values=True): pairs split on "&", "+" -> space, then unquote. */
export function parseQueryString(qs: string): QueryParams {
  const out: QueryParams = new Map();
  for (const part of qs.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawVal = eq < 0 ? '' : part.slice(eq + 1);
    const key = unquote(rawKey.replace(/\+/g, ' '));
    const val = unquote(rawVal.replace(/\+/g, ' '));
    const list = out.get(key);
    if (list) list.push(val);
    else out.set(key, [val]);
  }
  return out;
}

/** A scalar query parameter: Starlette's QueryParams.get returns the last value. */
export function queryValue(q: QueryParams, name: string): string | undefined {
  const list = q.get(name);
  return list ? list[list.length - 1] : undefined;
}

export interface Pagination {
  limit: number;
  offset: number;
  /** order_by values as given (a leading "-" means descending); [] when absent. */
  order_by: string[];
}

/** [api] fallback_page_limit and maximum_page_limit defaults. */
export const FALLBACK_PAGE_LIMIT = 50;
export const MAXIMUM_PAGE_LIMIT = 100;

/**
 * limit: NonNegativeInt = 50, capped at [api] maximum_page_limit (100); offset: NonNegativeInt = 0;
 * order_by: one string in 3.0, a repeatable list in 3.1 (the route's default applies when absent).
 * Invalid values -> every error at once, loc ["query", name], as FastAPI reports them.
 */
export function paginationParams(q: QueryParams, profile: RestProfile):
  { ok: true; value: Pagination } | { ok: false; errors: ValidationErrorItem[] } {
  const errs: ValidationErrorItem[] = [];
  const nonNegative = (name: string, dflt: number): number => {
    const raw = queryValue(q, name);
    if (raw === undefined) return dflt;
    const r = checkInt(raw, ['query', name]);
    if (!r.ok) {
      errs.push(r.error);
      return dflt;
    }
    if (r.value < 0) {
      errs.push(errors.greaterThanEqual(['query', name], raw, 0));
      return dflt;
    }
    return r.value;
  };
  const limit = nonNegative('limit', FALLBACK_PAGE_LIMIT);
  const offset = nonNegative('offset', 0);
  if (errs.length) return { ok: false, errors: errs };
  const raw = q.get('order_by') ?? [];
  const order_by = atLeast(profile, '3.1') ? raw : raw.slice(-1);
  return { ok: true, value: { limit: Math.min(limit, MAXIMUM_PAGE_LIMIT), offset, order_by } };
}
