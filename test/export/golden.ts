// Golden files for exports (observablehq/plot's snapshot style): a mismatch leaves the new bytes
// beside the golden as NAME-changed.EXT to diff or view; UPDATE_GOLDEN=1 rewrites the goldens.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function changedPath(name: string): string {
  return join(GOLDEN_DIR, name.replace(/(\.[^.]+)$/, '-changed$1'));
}

export function expectGolden(name: string, actual: Uint8Array | string): void {
  const bytes = typeof actual === 'string' ? Buffer.from(actual, 'utf8') : Buffer.from(actual);
  const file = join(GOLDEN_DIR, name);
  const changed = changedPath(name);
  mkdirSync(dirname(file), { recursive: true });
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, bytes);
    rmSync(changed, { force: true });
    return;
  }
  const expected = readFileSync(file);
  if (expected.equals(bytes)) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, bytes);
  expect.fail(`${name} differs from its golden: see ${changed} (UPDATE_GOLDEN=1 accepts it)`);
}
