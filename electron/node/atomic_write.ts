// Atomic file replacement: write a temp file in the same directory, fsync it, rename it over the
// target, fsync the directory. A crash or a failed write at any point leaves either the old file or
// the new one, never a mix; a failure also removes the temp file, and a temp left by a killed
// process is removed by the next save into the same folder (node/temp_files.ts).
import * as fsp from 'node:fs/promises';
import { dirname } from 'node:path';
import { sweepOrphanTemps, tempPathFor } from '../../node/temp_files.js';

/** The part of node:fs/promises this uses, so tests can inject failures. */
export interface AtomicFs {
  open(path: string, flags: string, mode?: number): Promise<AtomicFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ mode: number }>;
  realpath(path: string): Promise<string>;
}

export interface AtomicFileHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  chmod(mode: number): Promise<void>;
  close(): Promise<void>;
}

export const nodeFs: AtomicFs = {
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  rename: fsp.rename,
  unlink: fsp.unlink,
  stat: fsp.stat,
  realpath: fsp.realpath,
};

const CHUNK = 1 << 16;

export interface AtomicWriteOptions {
  fs?: AtomicFs;
  /** Mode for a new file (an existing file keeps its mode); default 0o666 less the umask. */
  mode?: number;
}

/** Writes `data` to `target` atomically. A symlink target is followed: the file it points to is
 * replaced, the link stays. Resolves to the path actually written. */
export async function atomicWriteFile(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<string> {
  const fs = options.fs ?? nodeFs;
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;

  let file = target;
  let keepMode: number | undefined;
  try {
    file = await fs.realpath(target);
    keepMode = (await fs.stat(file)).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }

  const dir = dirname(file);
  // Temps a killed earlier run left beside this file go first (only ours, only older than us).
  if (fs === nodeFs) sweepOrphanTemps(dir);
  const temp = tempPathFor(file);
  const handle = await fs.open(temp, 'wx', options.mode ?? 0o666);
  let renamed = false;
  try {
    try {
      let offset = 0;
      while (offset < bytes.byteLength) {
        const { bytesWritten } = await handle.write(bytes, offset, Math.min(CHUNK, bytes.byteLength - offset), offset);
        if (bytesWritten <= 0) throw new Error(`could not write ${temp}`);
        offset += bytesWritten;
      }
      if (keepMode !== undefined) await handle.chmod(keepMode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
    renamed = true;
  } finally {
    if (!renamed) await fs.unlink(temp).catch(() => {});
  }
  await syncDirectory(fs, dir);
  return file;
}

/** Makes the rename itself durable. Windows cannot open a directory: skipped there. */
async function syncDirectory(fs: AtomicFs, dir: string): Promise<void> {
  let handle: AtomicFileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM on Windows, EINVAL on some file systems: the data itself is already synced.
  } finally {
    await handle?.close().catch(() => {});
  }
}
