// `run --format json` in pieces: the exact bytes of runOutputJson (JSON.stringify(output, null, 2)
// and a newline), produced ~128 list elements at a time. A 10-year hourly output is ~1.1 GB of
// text, past V8's longest string (~512 MiB), and as objects it would take ~1 GB more; this needs
// neither. The caller writes the chunks (cli/ does, to stdout or a file).
import type { RunOutput, RunOutputStream } from '../model/output.js';

/**
 * Elements per JSON.stringify call: one native call per batch instead of one per element, and
 * small enough (~50 KB of text) that a batch and its text die young; texts over 128 KB are
 * allocated straight into the old generation and pile up there until a full GC.
 */
const BATCH = 128;

// JSON.stringify({ x: v }, null, 2) is `{\n  "x": V\n}` with V laid out exactly as a value of a
// top-level key, and for a list every element as at depth 2: the document's own layout, so the
// pieces are cut out of it rather than re-indented.
const HEAD = '{\n  "x": '.length;
const TAIL = '\n}'.length;
const LIST_HEAD = '{\n  "x": ['.length;
const LIST_TAIL = '\n  ]\n}'.length;

export function* runOutputJsonChunks(output: RunOutputStream | RunOutput): Generator<string> {
  let first = true;
  for (const [key, value] of Object.entries(output)) {
    const head = `${first ? '{' : ','}\n  ${JSON.stringify(key)}: `;
    if (isList(value)) {
      yield head;
      yield* listChunks(value);
    } else {
      const text = JSON.stringify({ x: value }, null, 2);
      if (text === '{}') continue; // JSON.stringify drops undefined, functions and symbols
      yield head + text.slice(HEAD, text.length - TAIL);
    }
    first = false;
  }
  yield first ? '{}\n' : '\n}\n';
}

function isList(value: unknown): value is Iterable<unknown> {
  return Array.isArray(value) || (typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function');
}

/** A list's text from its opening bracket on, a batch of elements per chunk. */
function* listChunks(items: Iterable<unknown>): Generator<string> {
  let batch: unknown[] = [];
  let any = false;
  const flush = (): string => {
    const text = JSON.stringify({ x: batch }, null, 2);
    const out = (any ? ',' : '[') + text.slice(LIST_HEAD, text.length - LIST_TAIL);
    any = true;
    batch = [];
    return out;
  };
  for (const item of items) {
    batch.push(item);
    if (batch.length === BATCH) yield flush();
  }
  if (batch.length > 0) yield flush();
  yield any ? '\n  ]' : '[]';
}
