// Golden files in the style of observablehq/plot's snapshots: a mismatch writes NAME-changed
// next to the golden so the difference can be read with diff; UPDATE_GOLDEN=1 rewrites goldens.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function matchGolden(path: string, actual: string): { ok: boolean; message: string } {
  const changed = path.replace(/(\.[a-z]+)$/, '-changed$1');
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    rmSync(changed, { force: true });
    return { ok: true, message: `wrote ${path}` };
  }
  const expected = readFileSync(path, 'utf8');
  if (expected === actual) {
    rmSync(changed, { force: true });
    return { ok: true, message: 'same' };
  }
  writeFileSync(changed, actual);
  return { ok: false, message: `${path} differs: see ${changed} (UPDATE_GOLDEN=1 accepts it)` };
}
