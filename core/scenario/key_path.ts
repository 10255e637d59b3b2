// Key paths in messages ("dags[0].tasks[2].retries") and back: how an error names the value it is
// about, and how the editor and `validate --at` find that value again.
export type Seg = string | number;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function formatPath(path: readonly Seg[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Inverse of formatPath for the forms it produces. Returns null for text it cannot read. */
export function parsePath(text: string): Seg[] | null {
  const out: Seg[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '[') {
      const close = text[i + 1] === '"' ? findQuoteEnd(text, i + 1) : text.indexOf(']', i);
      if (close < 0) return null;
      if (text[i + 1] === '"') {
        if (text[close + 1] !== ']') return null;
        try { out.push(JSON.parse(text.slice(i + 1, close + 1)) as string); } catch { return null; }
        i = close + 2;
      } else {
        const n = text.slice(i + 1, close);
        if (!/^\d+$/.test(n)) return null;
        out.push(Number(n));
        i = close + 1;
      }
    } else {
      if (ch === '.') {
        if (out.length === 0) return null;
        i++;
      }
      let j = i;
      while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
      if (j === i) return null;
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

function findQuoteEnd(text: string, open: number): number {
  for (let k = open + 1; k < text.length; k++) {
    if (text[k] === '\\') k++;
    else if (text[k] === '"') return k;
  }
  return -1;
}
