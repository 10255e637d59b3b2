// Writing a long text that arrives in pieces (runOutputJsonChunks) to a file or stdout, without
// ever joining it: a 10-year output is longer than V8's longest string.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { sweepOrphanTemps, tempPathFor } from '../node/temp_files.js';

export async function writeChunks(chunks: Iterable<string>, path?: string): Promise<void> {
  if (path) {
    // Atomic: a crash or a full disk leaves the old file as it was, never half a new one.
    // Temps a killed earlier run left in this folder go first (temp_files.ts says which).
    sweepOrphanTemps(dirname(path));
    const tmp = tempPathFor(path);
    const fd = openSync(tmp, 'wx');
    try {
      for (const chunk of chunks) writeSync(fd, chunk);
      closeSync(fd);
      renameSync(tmp, path);
    } catch (err) {
      try { closeSync(fd); } catch { /* already closed */ }
      rmSync(tmp, { force: true });
      throw err;
    }
    return;
  }
  // stdout may be a pipe whose reader is slower than us: wait for it to drain instead of queueing
  // the whole output in memory.
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
}
