// Draws timeline primitives on a 2D canvas (the SVG export uses the same draw routine with SvgSink).
import type { Shape, TimelineSink } from '../presentation/timeline_layout.js';
import { arrowGeometry, markerPath } from '../presentation/timeline_svg.js';

export class CanvasSink implements TimelineSink {
  private fill = '';
  private alpha = 1;
  constructor(private readonly ctx: CanvasRenderingContext2D) {
    this.fill = String(ctx.fillStyle);
  }

  // Batching: rects and markers are collected per style and filled once per style in flush(),
  // in the order each style was first used (so band fills stay under marks). Texts come last.
  private rects = new Map<string, { fill: string; alpha: number; path: Path2D }>();
  private markers = new Map<string, { fill: string; stroke: string; path: Path2D }>();
  private texts: Array<() => void> = [];

  private setFill(fill: string, alpha = 1): void {
    if (fill !== this.fill) { this.ctx.fillStyle = fill; this.fill = fill; }
    if (alpha !== this.alpha) { this.ctx.globalAlpha = alpha; this.alpha = alpha; }
  }
  rect(x: number, y: number, w: number, h: number, fill: string, opacity = 1): void {
    const key = opacity === 1 ? fill : `${fill}/${opacity}`;
    let b = this.rects.get(key);
    if (!b) { b = { fill, alpha: opacity, path: new Path2D() }; this.rects.set(key, b); }
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
    const key = `${fill}|${stroke}`;
    let b = this.markers.get(key);
    if (!b) { b = { fill, stroke, path: new Path2D() }; this.markers.set(key, b); }
    const p = b.path;
    if (shape === 'circle') { p.moveTo(cx + r, cy); p.arc(cx, cy, r, 0, Math.PI * 2); }
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

  /** Paint everything batched so far: rects by style, merged pixel columns, markers, texts. */
  flush(): void {
    for (const b of this.rects.values()) { this.setFill(b.fill, b.alpha); this.ctx.fill(b.path); }
    this.rects.clear();
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
    for (const t of this.texts) t();
    this.texts = [];
  }
}
