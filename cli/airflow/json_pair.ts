// `import --what-if --format json` prints {"actual": ..., "what_if": ...}: two outputs that together
// may be longer than V8's longest string, so the text is made in pieces from each output's own
// chunks, re-indented one level (JSON strings never hold a raw newline, so every newline is layout).
import type { RunOutput } from '../../core/index.js';
import { runOutputJsonChunks } from '../../core/index.js';

/** JSON.stringify({actual, what_if}, null, 2) + newline, in pieces: each output re-indented one level. */
export function* pairChunks(actual: RunOutput, whatIfOut: RunOutput): Generator<string> {
  const nested = function* (o: RunOutput): Generator<string> {
    let last = '';
    for (const c of runOutputJsonChunks(o)) {
      if (last) yield last.replace(/\n/g, '\n  ');
      last = c;
    }
    yield last.replace(/\n$/, '').replace(/\n/g, '\n  '); // the closing brace, without the document's final newline
  };
  yield '{\n  "actual": ';
  yield* nested(actual);
  yield ',\n  "what_if": ';
  yield* nested(whatIfOut);
  yield '\n}\n';
}

