// Shared helpers for the Airflow tests: goldens under test/golden/airflow_dags (a mismatch leaves
// NAME-changed.EXT beside the golden; UPDATE_GOLDEN=1 rewrites them), scenario loading, Python.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const GOLDEN_DIR = join(ROOT, 'test', 'golden', 'airflow_dags');
export const FIXTURES = join(HERE, 'fixtures');
export const STUBS = join(HERE, 'py_stubs');

export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  const changed = file.replace(/(\.[^./]+)?$/, (ext) => `-changed${ext}`);
  mkdirSync(dirname(file), { recursive: true });
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, actual);
    rmSync(changed, { force: true });
    return;
  }
  if (readFileSync(file, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  expect.fail(`${name} differs from its golden: see ${changed} (UPDATE_GOLDEN=1 accepts it)`);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `windtunnel-${prefix}-`));
}

export function python(args: string[], opts: { cwd?: string; input?: string; timeout?: number } = {}) {
  return spawnSync('python3', args, { encoding: 'utf8', cwd: opts.cwd, input: opts.input, timeout: opts.timeout ?? 60_000 });
}

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}
