// Draws timeline primitives on a 2D canvas (the SVG export uses the same draw routine with SvgSink).
import type { Shape, TimelineSink } from '../../view/timeline_layout.js';
import { arrowGeometry, markerPath } from '../../view/timeline_svg.js';

type RectBatch = { fill: string; alpha: number; path: Path2D; strips?: undefined };
/** Rows of merged pixel columns: [atlas row, x, y, w, h, alpha] per strip. */
type StripBatch = { strips: number[] };
type MarkerBatch = { fill: string; stroke: string; path: Path2D };

export class CanvasSink implements TimelineSink {
  private fill = '';
  private alpha = 1;

  // Batching: rects and markers are collected per style and filled once per style in flush(),
  // in the order each style was first used (so band fills stay under marks). Texts come last.
  // Merged pixel columns (as strips or rects) come where the first of them was drawn.
  private rects = new Map<string, RectBatch | StripBatch>();
  private markers = new Map<string, MarkerBatch>();
  private texts: Array<() => void> = [];
  // The last style used: runs of marks in one style skip building and hashing a key.
  private lastRect: RectBatch | null = null;
  private lastMarker: MarkerBatch | null = null;

  // Rows of merged pixel columns (columnStrip): one image row each in `stripPixels` (RGBA bytes
  // read as little-endian u32), uploaded once per flush and drawn with one drawImage per row,
  // instead of a rect per run of equal columns (thousands per frame in a dense view).
  private stripRows = 0;
  private stripPixels: Uint32Array<ArrayBuffer> = new Uint32Array(0);
  private stripWidth = 0;
  private palette = new Uint32Array(0);
  private paletteOf: readonly string[] | null = null;

  /** Present where an offscreen canvas is at hand (browsers, Electron); without it, drawTimeline
   * draws one rect per run of columns. */
  columnStrip?: (cols: Uint8Array, from: number, n: number, x: number, y: number, h: number, colors: readonly string[], opacity: number, widen: boolean) => void;

  constructor(private readonly ctx: CanvasRenderingContext2D) {
    this.fill = String(ctx.fillStyle);
    if (typeof OffscreenCanvas !== 'undefined') this.columnStrip = (...a) => this.addStrip(...a);
  }

  private setFill(fill: string, alpha = 1): void {
    if (fill !== this.fill) { this.ctx.fillStyle = fill; this.fill = fill; }
    if (alpha !== this.alpha) { this.ctx.globalAlpha = alpha; this.alpha = alpha; }
  }
  rect(x: number, y: number, w: number, h: number, fill: string, opacity = 1): void {
    let b = this.lastRect;
    if (!b || b.fill !== fill || b.alpha !== opacity) {
      const key = opacity === 1 ? fill : `${fill}/${opacity}`;
      let found = this.rects.get(key) as RectBatch | undefined;
      if (!found) { found = { fill, alpha: opacity, path: new Path2D() }; this.rects.set(key, found); }
      b = this.lastRect = found;
    }
    b.path.rect(x, y, w, h);
  }
  strokeRect(x: number, y: number, w: number, h: number, stroke: string, width: number): void {
    this.flush();
    this.setFill(this.fill, 1);
    const c = this.ctx;
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.beginPath();
    c.roundRect(x, y, w, h, 3);
    c.stroke();
  }
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number): void {
    // Vertical and horizontal hairlines as rects: batched, cheaper than paths, and crisp.
    if (x1 === x2) { this.rect(x1 - width / 2, Math.min(y1, y2), width, Math.abs(y2 - y1), stroke); return; }
    if (y1 === y2) { this.rect(Math.min(x1, x2), y1 - width / 2, Math.abs(x2 - x1), width, stroke); return; }
    this.flush();
    this.setFill(this.fill, 1);
    const c = this.ctx;
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.beginPath();
    c.moveTo(x1, y1);
    c.lineTo(x2, y2);
    c.stroke();
  }
  marker(shape: Shape, cx: number, cy: number, r: number, fill: string, stroke: string): void {
    if (shape === 'tick') { this.line(cx, cy - r * 1.6, cx, cy + r * 1.6, stroke, 1.5); return; }
    let b = this.lastMarker;
    if (!b || b.fill !== fill || b.stroke !== stroke) {
      const key = `${fill}|${stroke}`;
      let found = this.markers.get(key);
      if (!found) { found = { fill, stroke, path: new Path2D() }; this.markers.set(key, found); }
      b = this.lastMarker = found;
    }
    const p = b.path;
    if (shape === 'circle') { p.moveTo(cx + r, cy); p.arc(cx, cy, r, 0, Math.PI * 2); }
    else if (shape === 'square') p.rect(cx - r, cy - r, 2 * r, 2 * r); // markerPath's square, in one call
    else {
      const pts = markerPath(shape, cx, cy, r);
      p.moveTo(pts[0][0], pts[0][1]);
      for (let i = 1; i < pts.length; i++) p.lineTo(pts[i][0], pts[i][1]);
      p.closePath();
    }
  }
  text(x: number, y: number, text: string, fill: string, size: number, anchor: 'start' | 'middle' | 'end', weight: 'normal' | 'bold' = 'normal'): void {
    this.texts.push(() => {
      this.setFill(fill, 1);
      const c = this.ctx;
      c.font = `${weight === 'bold' ? 'bold ' : ''}${size}px 'DejaVu Sans', sans-serif`;
      c.textAlign = anchor === 'middle' ? 'center' : anchor === 'end' ? 'right' : 'left';
      c.fillText(text, x, y);
    });
  }
  arrow(x1: number, y1: number, x2: number, y2: number, stroke: string): void {
    this.flush();
    const { cx, cy, head } = arrowGeometry(x1, y1, x2, y2);
    const c = this.ctx;
    this.setFill(stroke, 1);
    c.strokeStyle = stroke;
    c.lineWidth = 1.5;
    c.beginPath();
    c.moveTo(x1, y1);
    c.quadraticCurveTo(cx, cy, x2, y2);
    c.stroke();
    c.beginPath();
    c.moveTo(head[0][0], head[0][1]);
    c.lineTo(head[1][0], head[1][1]);
    c.lineTo(head[2][0], head[2][1]);
    c.closePath();
    c.fill();
  }

  private addStrip(cols: Uint8Array, from: number, n: number, x: number, y: number, h: number, colors: readonly string[], opacity: number, widen: boolean): void {
    const row = this.stripRows;
    if (n > this.stripWidth || (row + 1) * this.stripWidth > this.stripPixels.length) this.growStrips(n, row + 1);
    if (colors !== this.paletteOf) {
      this.paletteOf = colors;
      this.palette = Uint32Array.from(colors, rgba);
    }
    const pal = this.palette;
    const px = this.stripPixels;
    const off = row * this.stripWidth;
    let seen = 0;
    for (let c = 0; c < n; c++) {
      const v = cols[from + c];
      if (v === 0) { px[off + c] = 0; continue; }
      px[off + c] = pal[v - 1];
      if (!(seen & (1 << v))) {
        // Keep the paint order of styles as the rect path would set it: each colour's batch is
        // made where its first column is (marks drawn later in that colour go there).
        seen |= 1 << v;
        const fill = colors[v - 1];
        const key = opacity === 1 ? fill : `${fill}/${opacity}`;
        if (!this.rects.has(key)) this.rects.set(key, { fill, alpha: opacity, path: new Path2D() });
      }
    }
    if (widen) {
      // A run one column wide is 1.5 px in the rect path: half of the next pixel, if empty.
      for (let c = 0; c < n - 1; c++) {
        const v = cols[from + c];
        if (v !== 0 && cols[from + c + 1] === 0 && (c === 0 || cols[from + c - 1] !== v)) px[off + c + 1] = ((pal[v - 1] & 0x00ffffff) | 0x80000000) >>> 0;
      }
    }
    this.stripRows++;
    this.stripBatch().strips.push(row, x, y, n, h, opacity);
  }

  /** The batch of strips, placed (on first use of any merged column) in the paint order. */
  private stripBatch(): StripBatch {
    let b = this.rects.get(STRIPS) as StripBatch | undefined;
    if (!b) { b = { strips: [] }; this.rects.set(STRIPS, b); }
    return b;
  }

  /** A merged column drawn as a rect: it also fixes where strips go in the paint order, so rows
   * with strips and rows without draw alike. */
  columnRect(x: number, y: number, w: number, h: number, fill: string, opacity = 1): void {
    if (!this.rects.has(STRIPS)) this.stripBatch();
    this.rect(x, y, w, h, fill, opacity);
  }

  private growStrips(width: number, rows: number): void {
    // Redraws make a sink each: take over an earlier sink's pixels rather than allocate per frame.
    if (!this.stripRows && spare) {
      const w = Math.max(width, spare.width);
      if (spare.pixels.length >= w * rows) {
        this.stripPixels = spare.pixels;
        this.stripWidth = w;
        spare = null;
        return;
      }
    }
    const w = Math.max(width, this.stripWidth);
    const capRows = this.stripWidth ? Math.floor(this.stripPixels.length / this.stripWidth) : 0;
    const next = new Uint32Array(w * Math.max(64, rows, rows > capRows ? capRows * 2 : capRows));
    for (let r = 0; r < this.stripRows; r++) next.set(this.stripPixels.subarray(r * this.stripWidth, (r + 1) * this.stripWidth), r * w);
    this.stripPixels = next;
    this.stripWidth = w;
  }

  /** Upload the strip rows to the atlas; returns it (null without strips). */
  private uploadStrips(): OffscreenCanvas | null {
    const rows = this.stripRows;
    if (!rows) return null;
    const w = this.stripWidth;
    const atlas = stripAtlas(w, rows);
    atlas.ctx.putImageData(new ImageData(new Uint8ClampedArray(this.stripPixels.buffer, 0, w * rows * 4), w, rows), 0, 0);
    spare = { pixels: this.stripPixels, width: w };
    this.stripPixels = new Uint32Array(0);
    this.stripWidth = 0;
    this.stripRows = 0;
    return atlas.canvas;
  }

  private drawStrips(atlas: OffscreenCanvas, b: StripBatch): void {
    const c = this.ctx;
    const smoothing = c.imageSmoothingEnabled;
    c.imageSmoothingEnabled = false;
    const s = b.strips;
    for (let k = 0; k < s.length; k += 6) {
      this.setFill(this.fill, s[k + 5]);
      c.drawImage(atlas, 0, s[k], s[k + 3], 1, s[k + 1], s[k + 2], s[k + 3], s[k + 4]);
    }
    c.imageSmoothingEnabled = smoothing;
  }

  /** Paint everything batched so far: rects by style, merged pixel columns, markers, texts. */
  flush(): void {
    const atlas = this.uploadStrips();
    for (const b of this.rects.values()) {
      if (b.strips) { if (atlas) this.drawStrips(atlas, b); } else { this.setFill(b.fill, b.alpha); this.ctx.fill(b.path); }
    }
    this.rects.clear();
    this.lastRect = null;
    if (this.markers.size) {
      this.setFill(this.fill, 1);
      this.ctx.lineWidth = 1;
      for (const b of this.markers.values()) {
        this.setFill(b.fill, 1);
        this.ctx.fill(b.path);
        this.ctx.strokeStyle = b.stroke;
        this.ctx.stroke(b.path);
      }
      this.markers.clear();
    }
    this.lastMarker = null;
    for (const t of this.texts) t();
    this.texts = [];
  }
}

const STRIPS = '\u0000strips';

/** Strip pixels of the last flushed sink, for the next one. */
let spare: { pixels: Uint32Array<ArrayBuffer>; width: number } | null = null;

/** One offscreen canvas for every sink's strips: each flush uploads its rows, then draws them. */
let atlas: { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } | null = null;
function stripAtlas(w: number, h: number): { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } {
  if (!atlas) {
    const canvas = new OffscreenCanvas(w, h);
    atlas = { canvas, ctx: canvas.getContext('2d')! };
  }
  if (atlas.canvas.width < w) atlas.canvas.width = w;
  if (atlas.canvas.height < h) atlas.canvas.height = h;
  return atlas;
}

const rgbaCache = new Map<string, number>();
/** A CSS colour as an ImageData pixel (RGBA bytes read as a little-endian u32). */
function rgba(color: string): number {
  let v = rgbaCache.get(color);
  if (v !== undefined) return v;
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (m) v = (0xff000000 | (parseInt(m[3], 16) << 16) | (parseInt(m[2], 16) << 8) | parseInt(m[1], 16)) >>> 0;
  else {
    // Any other CSS colour: let a canvas parse it.
    const c = new OffscreenCanvas(1, 1).getContext('2d')!;
    c.fillStyle = color;
    c.fillRect(0, 0, 1, 1);
    const d = c.getImageData(0, 0, 1, 1).data;
    v = ((d[3] << 24) | (d[2] << 16) | (d[1] << 8) | d[0]) >>> 0;
  }
  rgbaCache.set(color, v);
  return v;
}
