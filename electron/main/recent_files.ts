// The Open Recent list: most recent first, no duplicates, at most `limit` entries, kept in a small
// JSON file in the user data directory (written atomically). A corrupt or missing file is an
// empty list, never an error at startup.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { atomicWriteFile } from '../node/atomic_write.js';
import type { RecentEntry } from '../common/ipc.js';

export const RECENT_FILES_LIMIT = 10;

export interface RecentFilesOptions {
  /** Where the list is stored, e.g. join(app.getPath('userData'), 'recent-files.json'). */
  storePath: string;
  limit?: number;
  /** Paths compare case-insensitively on Windows and macOS's default file system. */
  caseInsensitive?: boolean;
  /** Tells the OS too (app.addRecentDocument: Dock menu, jump list). */
  onAdd?: (path: string) => void;
  onClear?: () => void;
}

export class RecentFiles {
  private paths: string[] = [];
  private readonly limit: number;
  private readonly listeners = new Set<() => void>();
  private saving: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RecentFilesOptions) {
    this.limit = options.limit ?? RECENT_FILES_LIMIT;
  }

  async load(): Promise<void> {
    try {
      const data: unknown = JSON.parse(await readFile(this.options.storePath, 'utf8'));
      const files = (data as { files?: unknown })?.files;
      this.paths = Array.isArray(files) ? files.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
    } catch {
      this.paths = [];
    }
    this.paths = this.dedupe(this.paths).slice(0, this.limit);
    this.emit();
  }

  list(): RecentEntry[] {
    return this.paths.map((path) => ({ path, name: basename(path) }));
  }

  has(path: string): boolean {
    const key = this.key(resolve(path));
    return this.paths.some((p) => this.key(p) === key);
  }

  add(path: string): Promise<void> {
    const abs = resolve(path);
    this.paths = this.dedupe([abs, ...this.paths]).slice(0, this.limit);
    this.options.onAdd?.(abs);
    return this.changed();
  }

  remove(path: string): Promise<void> {
    const key = this.key(resolve(path));
    this.paths = this.paths.filter((p) => this.key(p) !== key);
    return this.changed();
  }

  clear(): Promise<void> {
    this.paths = [];
    this.options.onClear?.();
    return this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every save so far has reached the disk. */
  flush(): Promise<void> {
    return this.saving.then(() => undefined);
  }

  private changed(): Promise<void> {
    this.emit();
    const data = JSON.stringify({ version: 1, files: this.paths }, null, 2) + '\n';
    // Saves run one after another so an older list never lands after a newer one.
    this.saving = this.saving.catch(() => {}).then(() => atomicWriteFile(this.options.storePath, data));
    return this.flush();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private key(path: string): string {
    return this.options.caseInsensitive ? path.toLowerCase() : path;
  }

  private dedupe(paths: string[]): string[] {
    const seen = new Set<string>();
    return paths.filter((p) => {
      const k = this.key(p);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
}
