// SVG → PNG without a browser: resvg with the bundled DejaVu fonts and system fonts off, so the same
// SVG gives the same PNG bytes on every machine (golden tests rely on it).
import { Resvg } from '@resvg/resvg-js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PNG_SCALE_DEFAULT, PNG_SCALE_MAX, PNG_SCALE_MIN, isPngScale } from '../core/index.js';

/** resvg allocates width × height × 4 bytes: refuse what would not fit comfortably in memory. */
export const PNG_MAX_SIDE = 32_768;
export const PNG_MAX_PIXELS = 128 * 1024 * 1024;

export const FONT_FILES = [
  'DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf',
  'DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf',
];

let fontFilesCache: string[] | undefined;

/** Paths of the bundled fonts. Inside a packaged app they live in app.asar.unpacked (resvg reads
 * files natively and cannot see into the asar archive). */
export function bundledFontFiles(): string[] {
  if (!fontFilesCache) {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFilesCache = FONT_FILES.map((f) => join(dir, f).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1'));
  }
  return fontFilesCache;
}

export interface PngOptions {
  /** Device pixels per SVG pixel; default 2. */
  scale?: number;
  /** A CSS colour painted under the SVG; default transparent (what the SVG itself paints shows). */
  background?: string;
}

export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? PNG_SCALE_DEFAULT;
  if (!isPngScale(scale)) throw new Error(`PNG scale must be a number from ${PNG_SCALE_MIN} to ${PNG_SCALE_MAX}, got ${String(scale)}`);
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: bundledFontFiles(),
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
      serifFamily: 'DejaVu Sans',
      cursiveFamily: 'DejaVu Sans',
      fantasyFamily: 'DejaVu Sans',
      monospaceFamily: 'DejaVu Sans Mono',
    },
    fitTo: { mode: 'zoom', value: scale },
    ...(options.background ? { background: options.background } : {}),
    logLevel: 'off',
  });
  const width = Math.ceil(resvg.width * scale);
  const height = Math.ceil(resvg.height * scale);
  if (width > PNG_MAX_SIDE || height > PNG_MAX_SIDE || width * height > PNG_MAX_PIXELS) {
    throw new Error(`PNG would be ${width}×${height} pixels, more than this export allows: choose a smaller scale or export SVG`);
  }
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
