// Atomic saves killed mid-write (SIGKILL: no cleanup handler runs) leave their temp file; the next
// save into the same folder removes it. Only our own pattern, only files older than the sweeping
// process, only from writers that are gone: nothing else in the folder is touched.
import { existsSync, mkdtempSync, rmSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOurTempName, sweepOrphanTemps, tempPathFor } from '../../node/temp_files.js';

const work = mkdtempSync(join(tmpdir(), 'wt-sec-atomic-'));
const entry = join(work, 'writer.mjs');

// The child: `node writer.mjs cli|electron TARGET` starts a long atomic save and says "writing";
// `node writer.mjs cli|electron TARGET small` makes one quick save (the "next start").
beforeAll(async () => {
  const src = join(process.cwd(), 'tmp', `atomic-writer-${process.pid}.ts`);
  writeFileSync(src, `
import { writeChunks } from '../cli/write_chunks.js';
import { atomicWriteFile } from '../electron/node/atomic_write.js';
const [kind, target, size] = process.argv.slice(2);
if (size === 'small') {
  if (kind === 'cli') await writeChunks(['small\\n'], target); else await atomicWriteFile(target, 'small\\n');
  process.exit(0);
}
if (kind === 'cli') {
  await writeChunks((function* () {
    for (let i = 0; ; i++) {
      if (i === 8) process.stdout.write('writing\\n');
      // Busy but bounded per chunk: the parent kills us after "writing".
      yield 'x'.repeat(1 << 20);
      const until = Date.now() + 5; while (Date.now() < until) { /* spin */ }
    }
  })(), target);
} else {
  const p = atomicWriteFile(target, new Uint8Array(512 * 1024 * 1024));
  process.stdout.write('writing\\n');
  await p;
}
`);
  try {
    await build({ entryPoints: [src], outfile: entry, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
  } finally {
    rmSync(src, { force: true });
  }
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Starts a long save, SIGKILLs it once it is writing; resolves when it is dead. */
async function killMidWrite(kind: 'cli' | 'electron', target: string): Promise<void> {
  const child = spawn('node', [entry, kind, target], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => { if (c.toString().includes('writing')) setTimeout(resolve, 150); });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
  child.removeAllListeners('exit');
  const dead = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await dead;
}

async function nextSave(kind: 'cli' | 'electron', target: string): Promise<void> {
  const child = spawn('node', [entry, kind, target, 'small'], { stdio: 'inherit' });
  const code = await new Promise((r) => child.on('exit', r));
  expect(code).toBe(0);
}

for (const kind of ['cli', 'electron'] as const) {
  describe(`${kind} atomic save killed mid-write`, () => {
    it('leaves an orphan temp (and the old file intact); the next start removes it', async () => {
      const dir = mkdtempSync(join(work, `${kind}-`));
      const target = join(dir, 'out.json');
      writeFileSync(target, 'old\n');
      // Not ours (wrong pattern, or another program's temp): must survive every sweep.
      const bystanders = ['.out.json.tmp', '.out.json.12345.tmp', 'notes.windtunnel-1-aaaaaaaaaaaa.tmp', 'keep.txt'];
      for (const b of bystanders) writeFileSync(join(dir, b), 'keep');
      for (let i = 0; i < 3; i++) await killMidWrite(kind, target);
      // Each killed writer's start swept the one before it: one orphan is left, the last one.
      const orphans = readdirSync(dir).filter(isOurTempName);
      expect(orphans).toHaveLength(1);
      expect(statSync(join(dir, orphans[0])).size).toBeGreaterThan(1024 * 1024);
      expect(readFileSync(target, 'utf8')).toBe('old\n');

      await nextSave(kind, target);
      expect(readdirSync(dir).filter(isOurTempName)).toEqual([]);
      expect(readFileSync(target, 'utf8')).toBe('small\n');
      for (const b of bystanders) expect(existsSync(join(dir, b)), b).toBe(true);
    }, 60_000);
  });
}

describe('sweepOrphanTemps is narrow', () => {
  it('keeps temps of live writers, temps newer than this process, and non-files', () => {
    const dir = mkdtempSync(join(work, 'narrow-'));
    const old = (Date.now() - 3_600_000) / 1000;
    const mk = (name: string, when = old) => { const p = join(dir, name); writeFileSync(p, 'x'); utimesSync(p, when, when); return p; };
    const dead = mk('.a.json.windtunnel-999999-0123456789ab.tmp');
    const live = mk('.b.json.windtunnel-4242-0123456789ab.tmp');
    const fresh = mk('.c.json.windtunnel-999998-0123456789ab.tmp', Date.now() / 1000 + 60);
    const mine = mk(`.d.json.windtunnel-${process.pid}-0123456789ab.tmp`);
    const removed = sweepOrphanTemps(dir, { isAlive: (pid) => pid === 4242, startedAtMs: Date.now(), force: true });
    expect(removed).toEqual([dead]);
    for (const p of [live, fresh, mine]) expect(existsSync(p)).toBe(true);
  });

  it('temp names: hidden, beside the target, unique per write', () => {
    const a = tempPathFor('/x/y/out.json');
    expect(a).toMatch(new RegExp(`^/x/y/\\.out\\.json\\.windtunnel-${process.pid}-[0-9a-f]{12}\\.tmp$`));
    expect(tempPathFor('/x/y/out.json')).not.toBe(a);
    expect(isOurTempName(a.slice('/x/y/'.length))).toBe(true);
  });
});
