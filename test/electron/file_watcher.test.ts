import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchFile } from '../../electron/main/file_watcher.js';
import type { DiskState } from '../../electron/main/file_watcher.js';
import { atomicWriteFile } from '../../electron/node/atomic_write.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'wt-watch-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function collector() {
  const seen: DiskState[] = [];
  let wake: (() => void) | undefined;
  return {
    seen,
    onChange: (s: DiskState) => { seen.push(s); wake?.(); },
    next: (timeoutMs = 3000) => new Promise<DiskState>((resolve, reject) => {
      const n = seen.length;
      const t = setTimeout(() => reject(new Error('no change seen')), timeoutMs);
      wake = () => { if (seen.length > n) { clearTimeout(t); resolve(seen[seen.length - 1]); } };
    }),
  };
}

describe('watchFile (real file system)', () => {
  it('reports a change made in place', async () => {
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'one');
    const c = collector();
    const w = watchFile(file, { onChange: c.onChange, debounceMs: 30 });
    try {
      const next = c.next();
      writeFileSync(file, 'two');
      expect(await next).toEqual({ exists: true, text: 'two' });
    } finally { w.close(); }
  });

  it('keeps watching across atomic replacements (rename over the file), as editors save', async () => {
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'one');
    const c = collector();
    const w = watchFile(file, { onChange: c.onChange, debounceMs: 30 });
    try {
      let next = c.next();
      await atomicWriteFile(file, 'two');
      expect(await next).toEqual({ exists: true, text: 'two' });
      next = c.next();
      writeFileSync(join(dir, 'tmp'), 'three');
      renameSync(join(dir, 'tmp'), file);
      expect(await next).toEqual({ exists: true, text: 'three' });
    } finally { w.close(); }
  });

  it('reports deletion', async () => {
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'one');
    const c = collector();
    const w = watchFile(file, { onChange: c.onChange, debounceMs: 30 });
    try {
      const next = c.next();
      unlinkSync(file);
      expect(await next).toEqual({ exists: false });
    } finally { w.close(); }
  });

  it('ignores other files in the directory and reports nothing after close', async () => {
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'one');
    const onChange = vi.fn();
    const w = watchFile(file, { onChange, debounceMs: 30 });
    writeFileSync(join(dir, 'other.yaml'), 'x');
    await new Promise((r) => setTimeout(r, 200));
    expect(onChange).not.toHaveBeenCalled();
    w.close();
    writeFileSync(file, 'two');
    await new Promise((r) => setTimeout(r, 200));
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('watchFile (injected watcher)', () => {
  it('debounces a burst of events into one read', async () => {
    vi.useFakeTimers();
    try {
      let emit!: (event: string, filename: string | null) => void;
      const fake = Object.assign(new EventEmitter(), { close: vi.fn() });
      const read = vi.fn(async () => 'text');
      const onChange = vi.fn();
      const w = watchFile('/d/s.yaml', {
        onChange, debounceMs: 100, read,
        watch: (dirPath, listener) => { expect(dirPath).toBe('/d'); emit = listener; return fake; },
      });
      emit('change', 's.yaml');
      emit('rename', 's.yaml');
      emit('change', null); // platforms that omit the name
      emit('change', 'other.yaml');
      await vi.advanceTimersByTimeAsync(99);
      expect(read).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(read).toHaveBeenCalledOnce();
      expect(onChange).toHaveBeenCalledWith({ exists: true, text: 'text' });
      w.close();
      expect(fake.close).toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});
