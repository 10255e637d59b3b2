import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { PNG_MAX_SIDE, bundledFontFiles, svgToPng } from '../../node/png.js';
import { FIXTURE_DIR, expectGolden } from './golden.js';

const svg = readFileSync(join(FIXTURE_DIR, 'text-and-shapes.svg'), 'utf8');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('svgToPng', () => {
  it('loads only the bundled DejaVu fonts, which exist', () => {
    const files = bundledFontFiles();
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect(() => readFileSync(f)).not.toThrow();
    expect(files.some((f) => f.endsWith('DejaVuSans.ttf'))).toBe(true);
  });

  it('renders at the chosen scale', () => {
    expect(pngSize(svgToPng(svg, { scale: 1 }))).toEqual({ width: 240, height: 120 });
    expect(pngSize(svgToPng(svg, { scale: 2 }))).toEqual({ width: 480, height: 240 });
    expect(pngSize(svgToPng(svg, { scale: 0.5 }))).toEqual({ width: 120, height: 60 });
    expect(pngSize(svgToPng(svg))).toEqual({ width: 480, height: 240 }); // default 2×
  });

  it('is byte-stable: the same SVG gives the same PNG', () => {
    const a = svgToPng(svg, { scale: 2 });
    const b = svgToPng(svg, { scale: 2 });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expectGolden('text-and-shapes@2x.png', a);
  });

  it('draws text (glyphs come from the bundled fonts, not the system)', () => {
    const withText = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: bundledFontFiles(), defaultFontFamily: 'DejaVu Sans' } }).render().pixels;
    const noText = new Resvg(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), { font: { loadSystemFonts: false, fontFiles: bundledFontFiles() } }).render().pixels;
    expect(Buffer.from(withText).equals(Buffer.from(noText))).toBe(false);
    // Our wrapper maps generic and unknown families to DejaVu: every text line leaves ink.
    const fromWrapper = svgToPng(svg, { scale: 1 });
    expect(fromWrapper.byteLength).toBeGreaterThan(1000);
  });

  it('refuses scales out of range and images too large to allocate', () => {
    expect(() => svgToPng(svg, { scale: 0 })).toThrow(/scale/);
    expect(() => svgToPng(svg, { scale: 9 })).toThrow(/scale/);
    expect(() => svgToPng(svg, { scale: Number.NaN })).toThrow(/scale/);
    const huge = `<svg xmlns="http://www.w3.org/2000/svg" width="${PNG_MAX_SIDE}" height="10"/>`;
    expect(() => svgToPng(huge, { scale: 2 })).toThrow(/smaller scale/);
  });
});
