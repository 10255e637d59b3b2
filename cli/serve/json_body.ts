// Request bodies as FastAPI reads them for a JSON body model (fastapi/routing.py, 0.117 in
// Airflow 3.1): json.loads on the bytes; a JSONDecodeError becomes 422 json_invalid with Python's
// message and character position; any other failure (RecursionError on deep nesting, bytes that
// are not UTF-8) becomes 400 {"detail": "There was an error parsing the body"}. The locator below
// walks the text with an explicit stack, never the call stack, so a body of 100,000 "[" cannot
// overflow it (issue 18).

/**
 * How deeply json.loads can nest before Python's recursion limit stops it, counting the outermost
 * container. Measured on Airflow 3.1's Python 3.11 with FastAPI's TestClient: 968 levels parse,
 * 969 answer 400. (uvicorn's stack differs from TestClient's by a few frames, so a real server's
 * edge moves by a few levels; nobody sends conf that deep on purpose.)
 */
export const MAX_JSON_DEPTH = 968;

/** FastAPI's answer when json.loads fails with anything but JSONDecodeError. */
export const BODY_PARSE_ERROR = { detail: 'There was an error parsing the body' } as const;

export type ParsedBody =
  | { kind: 'ok'; body: unknown }
  | { kind: 'invalid'; status: 400 | 422; body: unknown };

/**
 * The body as FastAPI hands it to a JSON body model: no body → absent; a JSON content type (or
 * none) → parsed JSON, or 422 json_invalid / 400 as above; any other content type → the raw text,
 * which the model then refuses as not a dictionary.
 */
export function parseBody(bytes: Buffer, contentType: string | undefined): ParsedBody {
  if (bytes.length === 0) return { kind: 'ok', body: undefined };
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const json = type === '' || type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  if (!json) return { kind: 'ok', body: bytes.toString('utf8') };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'invalid', status: 400, body: BODY_PARSE_ERROR };
  }
  // Python reads left to right: a syntax error before the depth limit is a 422 at its position,
  // nesting past the limit first is a 400. Only a body that passes both is handed to JSON.parse.
  const scan = scanPythonJson(text);
  if (scan.kind === 'too_deep') return { kind: 'invalid', status: 400, body: BODY_PARSE_ERROR };
  if (scan.kind === 'error') return { kind: 'invalid', status: 422, body: jsonInvalid(scan.msg, scan.pos) };
  try {
    return { kind: 'ok', body: JSON.parse(text) };
  } catch {
    // NaN / Infinity: Python accepts them, JSON has no way to hold them.
    return { kind: 'invalid', status: 422, body: jsonInvalid('Expecting value', 0) };
  }
}

const jsonInvalid = (msg: string, pos: number) => ({ detail: [{ type: 'json_invalid', loc: ['body', pos], msg: 'JSON decode error', input: {}, ctx: { error: msg } }] });

/** Where and why Python's json.loads refuses `text` (FastAPI reports both); "Expecting value" at 0 when it would not. */
export function pythonJsonError(text: string): { msg: string; pos: number } {
  const r = scanPythonJson(text, Infinity);
  return r.kind === 'error' ? { msg: r.msg, pos: r.pos } : { msg: 'Expecting value', pos: 0 };
}

export type JsonScan = { kind: 'ok' } | { kind: 'error'; msg: string; pos: number } | { kind: 'too_deep' };

const WS = new Set([' ', '\t', '\n', '\r']);
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|Infinity|-Infinity/y;

/**
 * Python json's grammar, messages and positions, iteratively: `stack` holds the open containers
 * ('[' or '{'), and after each value the innermost one says what may come next.
 */
export function scanPythonJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonScan {
  let i = 0;
  const stack: string[] = [];
  const ws = () => { while (i < text.length && WS.has(text[i])) i++; };
  const fail = (msg: string, pos = i): JsonScan => ({ kind: 'error', msg, pos });
  /** A string starting at text[i] === '"'; null when it closes, else the error. */
  const str = (): JsonScan | null => {
    const start = i++;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') { i++; return null; }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('Invalid \\uXXXX escape', i + 1); i += 5; }
        else if (n !== undefined && '"\\/bfnrt'.includes(n)) i++;
        else return fail('Invalid \\escape', i);
      } else if (c < ' ') return fail('Invalid control character at', i);
    }
    return fail('Unterminated string starting at', start);
  };
  /** An object key and its ':' at text[i]; null when the value may follow. */
  const key = (): JsonScan | null => {
    ws();
    if (text[i] !== '"') return fail('Expecting property name enclosed in double quotes');
    const e = str();
    if (e) return e;
    ws();
    if (text[i] !== ':') return fail("Expecting ':' delimiter");
    i++;
    return null;
  };

  // Each turn reads one value (opening a container counts as starting one), then closes what it can.
  for (;;) {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= maxDepth) return { kind: 'too_deep' };
      stack.push(c);
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) { i++; stack.pop(); }
      else if (c === '{') { const e = key(); if (e) return e; continue; }
      else continue;
    } else if (c === '"') {
      const e = str();
      if (e) return e;
    } else {
      LITERAL.lastIndex = i;
      const lit = LITERAL.exec(text);
      if (!lit) return fail('Expecting value');
      i += lit[0].length;
    }
    // A value ended: close containers, or move to the next element.
    for (;;) {
      if (stack.length === 0) {
        ws();
        return i < text.length ? fail('Extra data') : { kind: 'ok' };
      }
      ws();
      const top = stack[stack.length - 1];
      const close = top === '{' ? '}' : ']';
      if (text[i] === close) { i++; stack.pop(); continue; }
      if (text[i] !== ',') return fail("Expecting ',' delimiter");
      i++;
      if (top === '{') { const e = key(); if (e) return e; }
      break;
    }
  }
}
