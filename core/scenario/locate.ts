// Key path → line and column in the scenario text, for messages produced after parsing (for example a
// run-time error about `dags[0].tasks[2]`). Paths use the parser's form: `dags[0].tasks[2].pool`.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { parsePath, type Seg } from './reader.js';

export interface SourcePos {
  line: number;
  col: number;
  /** False when the path does not exist in full: the position is that of its deepest existing part. */
  exact: boolean;
}

export type Locator = (path: string | readonly Seg[]) => SourcePos | null;

/** Parses `text` once and answers path queries against it. Never throws; null for unreadable text. */
export function createLocator(text: string): Locator {
  let doc: Document;
  const lc = new LineCounter();
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, version: '1.2', schema: 'core', merge: false });
  } catch {
    return () => null;
  }
  const pos = (offset: number, exact: boolean): SourcePos => {
    const p = lc.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, col: p.col, exact };
  };
  return (path) => {
    const segs = typeof path === 'string' ? parsePath(path) : path;
    if (segs === null) return null;
    let node = deref(doc, doc.contents);
    if (node == null) return pos(0, segs.length === 0);
    let offset = node.range?.[0] ?? 0;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      let next: { node: Node | null; offset: number } | undefined;
      if (typeof seg === 'number' && isSeq(node)) {
        const item = node.items[seg];
        if (item !== undefined) {
          const n = deref(doc, item);
          next = { node: n, offset: n?.range?.[0] ?? offset };
        }
      } else if (isMap(node)) {
        const pair = (node.items as Pair<unknown, unknown>[]).find((p) => {
          const k = deref(doc, p.key);
          return isScalar(k) && k.value !== null && String(k.value) === String(seg);
        });
        if (pair) {
          const k = deref(doc, pair.key);
          const v = deref(doc, pair.value);
          const keyOffset = k?.range?.[0] ?? offset;
          // An empty value (`key:`) has no place of its own: point at the key.
          const r = v?.range;
          const empty = v == null || (isScalar(v) && v.value === null && r != null && r[0] === r[1]);
          next = { node: v, offset: empty || !r ? keyOffset : r[0] };
        }
      }
      if (next === undefined) return pos(offset, false);
      offset = next.offset;
      if (next.node == null) return pos(offset, i === segs.length - 1);
      node = next.node;
    }
    return pos(offset, true);
  };
}

/** One-off lookup; prefer createLocator for several paths into the same text. */
export function locatePath(text: string, path: string | readonly Seg[]): SourcePos | null {
  return createLocator(text)(path);
}

function deref(doc: Document, node: unknown): Node | null {
  let n = node;
  for (let hops = 0; isAlias(n) && hops < 64; hops++) {
    try { n = n.resolve(doc); } catch { return null; }
  }
  if (isAlias(n)) return null;
  return (n ?? null) as Node | null;
}
