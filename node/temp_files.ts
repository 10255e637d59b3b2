// Temp files of atomic saves (cli/write_chunks.ts, electron/node/atomic_write.ts): one name
// pattern, and the sweep that removes the ones a killed process left behind. A SIGKILL or a power
// cut between "create the temp" and "rename it over the target" leaves the temp (40 kills left
// 30 orphans, 1.26 GB); nothing else would ever remove them.
//
// The sweep is deliberately narrow: only the target's own folder, only regular files whose names
// match our pattern exactly, only those last written before this process started, and never one
// whose writer is still alive.
import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const PATTERN = /^\..+\.windtunnel-(\d+)-[0-9a-f]{12}\.tmp$/;

/** `.NAME.windtunnel-PID-RANDOM.tmp` beside the target: hidden, ours, and unique per write. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.windtunnel-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

export function isOurTempName(name: string): boolean {
  return PATTERN.test(name);
}

const swept = new Set<string>();
const processStartMs = Date.now() - process.uptime() * 1000;

/**
 * Removes orphaned temps in `dir` (once per folder per process). Returns the paths removed.
 * Never throws: a folder we cannot list or a file we cannot remove is left as it is.
 */
export function sweepOrphanTemps(dir: string, opts: { startedAtMs?: number; isAlive?: (pid: number) => boolean; force?: boolean } = {}): string[] {
  if (!opts.force && swept.has(dir)) return [];
  swept.add(dir);
  const started = opts.startedAtMs ?? processStartMs;
  const alive = opts.isAlive ?? pidAlive;
  const removed: string[] = [];
  let names: string[];
  try { names = readdirSync(dir); } catch { return removed; }
  for (const name of names) {
    const m = PATTERN.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const p = join(dir, name);
    try {
      const st = lstatSync(p);
      if (!st.isFile() || st.mtimeMs >= started) continue;
      unlinkSync(p);
      removed.push(p);
    } catch { /* gone already, or not ours to remove */ }
  }
  return removed;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else; leave its files alone.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
