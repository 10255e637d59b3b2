// Texts that repeat, made once per distinct value. The decision log interns its reasons: a string
// it has seen before is found by its cached hash, while a freshly built one costs a copy and a
// hash (~0.4 µs) — and every try of a pipeline says the same few things, millions of times.
export class TextMemo {
  private readonly texts = new Map<number, string>();

  constructor(private readonly limit = 65_536) {}

  /** The text for `key` (a safe integer that determines it), made by `make` the first time. */
  get(key: number, make: () => string): string {
    let text = this.texts.get(key);
    if (text === undefined) {
      if (this.texts.size >= this.limit) this.texts.clear();
      this.texts.set(key, (text = make()));
    }
    return text;
  }
}

/** `a * radix + b` for keys made of several small numbers, or -1 (do not memoise) when a is -1,
 *  b is not an integer in [0, radix) or the result is past 2^53. */
export function packKey(a: number, b: number, radix: number): number {
  if (a < 0 || !Number.isInteger(b) || b < 0 || b >= radix) return -1;
  const key = a * radix + b;
  return Number.isSafeInteger(key) ? key : -1;
}
