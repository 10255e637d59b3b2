import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteFile, nodeFs } from '../../electron/node/atomic_write.js';
import type { AtomicFs, AtomicFileHandle } from '../../electron/node/atomic_write.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'wt-atomic-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const ORIGINAL = 'windtunnel: 1\nname: original\n';
const big = (n: number) => 'x'.repeat(n);

/** Real fs, with a hook on each write of the temp file and a log of every call. */
function instrumented(onWrite: (call: number, handle: AtomicFileHandle, args: Parameters<AtomicFileHandle['write']>) => Promise<{ bytesWritten: number }> | undefined, log: string[] = []): AtomicFs {
  return {
    ...nodeFs,
    async open(path, flags, mode) {
      const h = await nodeFs.open(path, flags, mode);
      log.push(`open ${flags}`);
      let calls = 0;
      return {
        write: (...args) => { calls++; log.push('write'); return onWrite(calls, h, args) ?? h.write(...args); },
        sync: () => { log.push('sync'); return h.sync(); },
        chmod: (m) => h.chmod(m),
        close: () => { log.push('close'); return h.close(); },
      };
    },
    rename: async (a, b) => { log.push('rename'); return nodeFs.rename(a, b); },
    unlink: async (p) => { log.push('unlink'); return nodeFs.unlink(p); },
  };
}

describe('atomicWriteFile', () => {
  it('creates and replaces files, leaving no temp file behind', async () => {
    const file = join(dir, 'a.windtunnel.yaml');
    await atomicWriteFile(file, 'one');
    expect(readFileSync(file, 'utf8')).toBe('one');
    await atomicWriteFile(file, new TextEncoder().encode('two'));
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['a.windtunnel.yaml']);
  });

  it('writes to a temp file, fsyncs it, renames, then fsyncs the directory — in that order', async () => {
    const log: string[] = [];
    await atomicWriteFile(join(dir, 'a.yaml'), big(200_000), { fs: instrumented(() => undefined, log) });
    expect(log[0]).toBe('open wx');
    expect(log.filter((l) => l === 'write').length).toBeGreaterThan(1); // chunked
    const i = log.indexOf('sync');
    expect(log.slice(i, i + 3)).toEqual(['sync', 'close', 'rename']);
    expect(log.slice(-3)).toEqual(['open r', 'sync', 'close']); // the directory
  });

  it('a write failing midway leaves the original intact and removes the temp file', async () => {
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, ORIGINAL);
    const failing = instrumented((call) => (call === 2 ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) : undefined));
    await expect(atomicWriteFile(file, big(300_000), { fs: failing })).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(readdirSync(dir)).toEqual(['scenario.yaml']);
  });

  it('a crash mid-write (the process stops while writing) leaves the original untouched', async () => {
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, ORIGINAL);
    let reached!: () => void;
    const atSecondWrite = new Promise<void>((r) => { reached = r; });
    // The second write never completes: the state of the disk here is what a crash would leave.
    const hanging = instrumented((call) => (call === 2 ? (reached(), new Promise<never>(() => {})) : undefined));
    void atomicWriteFile(file, big(300_000), { fs: hanging });
    await atSecondWrite;
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    const temps = readdirSync(dir).filter((n) => n !== 'scenario.yaml');
    expect(temps).toHaveLength(1);
    expect(temps[0]).toMatch(/^\.scenario\.yaml\.windtunnel-\d+-[0-9a-f]{12}\.tmp$/);
    expect(statSync(join(dir, temps[0])).size).toBeLessThan(300_000); // half-written, and beside it
  });

  it('a failing rename leaves the original intact and removes the temp file', async () => {
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, ORIGINAL);
    const fs: AtomicFs = { ...nodeFs, rename: () => Promise.reject(new Error('EXDEV')) };
    await expect(atomicWriteFile(file, 'new', { fs })).rejects.toThrow('EXDEV');
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(readdirSync(dir)).toEqual(['scenario.yaml']);
  });

  it('keeps an existing file’s permissions', async () => {
    const file = join(dir, 'private.yaml');
    writeFileSync(file, ORIGINAL);
    chmodSync(file, 0o600);
    await atomicWriteFile(file, 'new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('replaces the target of a symlink and keeps the link', async () => {
    const target = join(dir, 'real.yaml');
    const link = join(dir, 'link.yaml');
    writeFileSync(target, ORIGINAL);
    symlinkSync(target, link);
    const written = await atomicWriteFile(link, 'through the link');
    expect(written).toBe(target);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('through the link');
  });

  it('fails cleanly when the directory does not exist', async () => {
    await expect(atomicWriteFile(join(dir, 'missing', 'a.yaml'), 'x')).rejects.toThrow(/ENOENT/);
  });
});
