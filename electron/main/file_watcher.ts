// Watches the open document for changes made by other programs. It watches the file's directory,
// not the file: editors (and our own atomic save) replace a file by renaming over it, which ends a
// watch on the old inode. Bursts of events are debounced into one check of the file's content.
import { watch as fsWatch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export type DiskState = { exists: true; text: string } | { exists: false };

export interface FileWatcherOptions {
  /** Called after the file settles, with what is on disk now. */
  onChange: (state: DiskState) => void;
  debounceMs?: number;
  watch?: (dir: string, listener: (event: string, filename: string | null) => void) => WatcherLike;
  read?: (path: string) => Promise<string>;
}

/** The part of fs.FSWatcher used here. */
export interface WatcherLike {
  close(): void;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export interface FileWatcher {
  close(): void;
}

export function watchFile(path: string, options: FileWatcherOptions): FileWatcher {
  const name = basename(path);
  const debounceMs = options.debounceMs ?? 150;
  const read = options.read ?? ((p: string) => readFile(p, 'utf8'));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const check = async () => {
    timer = undefined;
    let state: DiskState;
    try {
      state = { exists: true, text: await read(path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return; // unreadable for a moment: wait for the next event
      state = { exists: false };
    }
    if (!closed) options.onChange(state);
  };

  const watcher = (options.watch ?? ((dir, listener) => fsWatch(dir, { persistent: false }, listener)))(dirname(path), (_event, filename) => {
    // Some platforms omit the file name: then any change in the directory is checked.
    if (closed || (filename !== null && filename !== name)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void check(), debounceMs);
  });
  watcher.on('error', () => { /* the directory went away; the next open makes a new watcher */ });

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
