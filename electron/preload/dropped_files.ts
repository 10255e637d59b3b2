// Which files the user actually dropped. `openDroppedFile(file)` is on the page's API; without
// this, any File object the page holds (from an old drop, or one kept for later) could be opened
// at any time. Only paths from the latest drop the browser itself delivered (a trusted event, not
// one a script dispatched) may be opened, each once, within a short while of the drop.

/** A drop is acted on at once; a page that sits on a dropped File for longer gets nothing. */
export const DROP_TTL_MS = 10_000;

export class DroppedFiles {
  private paths = new Set<string>();
  private at = -Infinity;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Called for every drop event; only a trusted one replaces the set. */
  record(trusted: boolean, paths: readonly string[]): void {
    if (!trusted) return;
    this.paths = new Set(paths.filter((p) => p !== ''));
    this.at = this.now();
  }

  /** True (once) when `path` came from the latest trusted drop, recently. */
  take(path: string): boolean {
    if (this.now() - this.at > DROP_TTL_MS) this.paths.clear();
    return this.paths.delete(path);
  }
}
