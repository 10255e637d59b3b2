// Renders build/icon.svg to the PNGs electron-builder packs: build/icon.png (1024², macOS and
// Windows; electron-builder makes the .icns and .ico from it) and build/icons/NxN.png (Linux).
// Run after editing the SVG: node build/make-icons.mjs
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

export function renderIcon(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false }, logLevel: 'off' }).render().asPng();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
  mkdirSync(join(here, 'icons'), { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(here, 'icons', `${size}x${size}.png`), renderIcon(svg, size));
  writeFileSync(join(here, 'icon.png'), renderIcon(svg, 1024));
  console.log(`icons: ${ICON_SIZES.length + 1} PNGs written`);
}
