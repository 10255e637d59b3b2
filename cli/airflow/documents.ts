// Reading saved REST API answers for `windtunnel import`: files, or directories of them (walked in
// name order, *.json only), each parsed as JSON. Unreadable files are reported, not fatal.
// Symbolic links are followed, but a directory already walked (by its real path) is not walked
// again, so a link loop ends with a warning instead of hanging or overflowing the stack.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiDocument, ImportProblem } from '../../core/index.js';

/** Deeper than any sane layout of saved pages; bounds the walk even on odd file systems. */
const MAX_DEPTH = 32;

export function readDocuments(paths: readonly string[]): { docs: ApiDocument[]; problems: ImportProblem[] } {
  const docs: ApiDocument[] = [];
  const problems: ImportProblem[] = [];
  const walked = new Set<string>();
  const cannot = (p: string, err: unknown) =>
    problems.push({ document: p, level: 'error', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
  // An explicit stack, not recursion: depth is bounded by MAX_DEPTH either way, but this keeps name order.
  const stack: { p: string; explicit: boolean; depth: number }[] = paths.map((p) => ({ p, explicit: true, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { p, explicit, depth } = stack.pop()!;
    let st;
    try { st = statSync(p); } catch (err) { cannot(p, err); continue; }
    if (st.isDirectory()) {
      let real: string;
      try { real = realpathSync(p); } catch (err) { cannot(p, err); continue; }
      if (walked.has(real)) {
        problems.push({ document: p, level: 'warning', message: `skipped: the folder ${real} was already read (a symbolic link loop or a repeated path)` });
        continue;
      }
      if (depth >= MAX_DEPTH) {
        problems.push({ document: p, level: 'warning', message: `skipped: more than ${MAX_DEPTH} folders deep` });
        continue;
      }
      walked.add(real);
      let names: string[];
      try { names = readdirSync(p); } catch (err) { cannot(p, err); continue; }
      names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (let i = names.length - 1; i >= 0; i--) stack.push({ p: join(p, names[i]), explicit: false, depth: depth + 1 });
      continue;
    }
    if (!explicit && !/\.json$/i.test(p)) continue;
    if (!st.isFile()) {
      // A FIFO or device would block the read forever.
      problems.push({ document: p, level: 'error', message: 'not a regular file: not read' });
      continue;
    }
    let text: string;
    try { text = readFileSync(p, 'utf8'); } catch (err) { cannot(p, err); continue; }
    try {
      docs.push({ name: p, json: JSON.parse(text) });
    } catch (err) {
      problems.push({ document: p, level: 'error', message: `not JSON: ${(err as Error).message}` });
    }
  }
  return { docs, problems };
}
