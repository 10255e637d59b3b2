// The one decoding of a request path that both `windtunnel serve`'s token check and the router
// use, so they can never disagree about which route a request reaches (issue 18: `/api/%762/...`
// was public to the token check and /api/v2 to the router). uvicorn decodes a path once with
// urllib's unquote and routes what comes out, so an encoded "/" splits segments there; here every
// spelling that could be read two ways is refused instead: encoded separators, NUL and control
// bytes, "%" itself (double encoding), malformed escapes, bytes that are not UTF-8, raw characters
// outside printable ASCII, backslashes. Dot segments and empty segments match no Airflow route
// (Starlette does not resolve them), so they are 404 before any route is looked up.

export type RequestPath =
  | { ok: true; path: string }
  | { ok: false; status: 400 | 404; detail: string };

const HEX = /^[0-9A-Fa-f]{2}$/;

const bad = (detail: string): RequestPath => ({ ok: false, status: 400, detail: `Bad request path: ${detail}` });

/** A request target split as the router reads it: the path, and the query after the first "?" (no fragment). */
export function splitTarget(target: string): { rawPath: string; rawQuery: string } {
  const noFragment = target.split('#')[0];
  const qi = noFragment.indexOf('?');
  return qi < 0 ? { rawPath: noFragment, rawQuery: '' } : { rawPath: noFragment.slice(0, qi), rawQuery: noFragment.slice(qi + 1) };
}

/** Decode `raw` (the path of a request target, without "?query") once, or refuse it. */
export function normalizeRequestPath(raw: string): RequestPath {
  if (!raw.startsWith('/')) return bad('it must start with "/"');
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25) {
      const hex = raw.slice(i + 1, i + 3);
      if (!HEX.test(hex)) return bad(`malformed percent-escape at character ${i}`);
      const b = parseInt(hex, 16);
      if (b === 0x2f || b === 0x5c) return bad(`encoded ${b === 0x2f ? '"/"' : 'backslash'} (%${hex}) at character ${i}`);
      if (b === 0x25) return bad(`double percent-encoding (%25) at character ${i}`);
      if (b < 0x20 || b === 0x7f) return bad(`encoded control byte %${hex} at character ${i}`);
      bytes.push(b);
      i += 2;
    } else if (c === 0x5c) {
      return bad(`backslash at character ${i}`);
    } else if (c <= 0x20 || c >= 0x7f) {
      return bad(`character ${i} is not printable ASCII (percent-encode it)`);
    } else {
      bytes.push(c);
    }
  }
  const path = strictUtf8(bytes);
  if (path === null) return bad('percent-escapes that are not UTF-8');
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    if (s === '.' || s === '..') return { ok: false, status: 404, detail: 'Not Found' };
    if (s === '' && i < segments.length - 1) return { ok: false, status: 404, detail: 'Not Found' };
  }
  return { ok: true, path };
}

/** UTF-8 as RFC 3629 defines it (no overlong forms, surrogates or code points past U+10FFFF), or null. */
function strictUtf8(bytes: readonly number[]): string | null {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) { out += String.fromCharCode(b); i++; continue; }
    const need = b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0 || i + need >= bytes.length) return null;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}
