import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecentFiles } from '../../electron/main/recent_files.js';

let dir: string;
let store: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'wt-recent-')); store = join(dir, 'recent-files.json'); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

describe('RecentFiles', () => {
  it('keeps the most recent first, without duplicates, up to the limit, and persists', async () => {
    const onAdd = vi.fn();
    const r = new RecentFiles({ storePath: store, limit: 3, onAdd });
    await r.load();
    await r.add('/s/a.yaml');
    await r.add('/s/b.yaml');
    await r.add('/s/a.yaml');
    await r.add('/s/c.yaml');
    await r.add('/s/d.yaml');
    expect(r.list().map((e) => e.path)).toEqual(['/s/d.yaml', '/s/c.yaml', '/s/a.yaml']);
    expect(r.list()[0].name).toBe('d.yaml');
    expect(onAdd).toHaveBeenCalledTimes(5);
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual({ version: 1, files: ['/s/d.yaml', '/s/c.yaml', '/s/a.yaml'] });

    const again = new RecentFiles({ storePath: store, limit: 3 });
    await again.load();
    expect(again.list().map((e) => e.path)).toEqual(['/s/d.yaml', '/s/c.yaml', '/s/a.yaml']);
  });

  it('stores absolute paths and answers has() for them', async () => {
    const r = new RecentFiles({ storePath: store });
    await r.add('relative.yaml');
    expect(r.list()[0].path).toBe(join(process.cwd(), 'relative.yaml'));
    expect(r.has('relative.yaml')).toBe(true);
    expect(r.has('/elsewhere/relative.yaml')).toBe(false);
  });

  it('compares case-insensitively where the file system does', async () => {
    const r = new RecentFiles({ storePath: store, caseInsensitive: true });
    await r.add('C:/Docs/A.yaml');
    await r.add('c:/docs/a.yaml');
    expect(r.list()).toHaveLength(1);
    expect(r.has('C:/DOCS/A.YAML')).toBe(true);
  });

  it('removes and clears, telling listeners and the OS', async () => {
    const onClear = vi.fn();
    const r = new RecentFiles({ storePath: store, onClear });
    const changed = vi.fn();
    r.onChange(changed);
    await r.add('/a.yaml');
    await r.add('/b.yaml');
    await r.remove('/a.yaml');
    expect(r.list().map((e) => e.path)).toEqual(['/b.yaml']);
    await r.clear();
    expect(r.list()).toEqual([]);
    expect(onClear).toHaveBeenCalledOnce();
    expect(changed).toHaveBeenCalledTimes(4);
    expect(JSON.parse(readFileSync(store, 'utf8')).files).toEqual([]);
  });

  it('treats a missing or corrupt store as an empty list and ignores junk entries', async () => {
    const r = new RecentFiles({ storePath: store });
    await r.load();
    expect(r.list()).toEqual([]);
    writeFileSync(store, '{ not json');
    await r.load();
    expect(r.list()).toEqual([]);
    writeFileSync(store, JSON.stringify({ files: ['/ok.yaml', 3, null, '', '/ok.yaml', '/two.yaml'] }));
    await r.load();
    expect(r.list().map((e) => e.path)).toEqual(['/ok.yaml', '/two.yaml']);
  });

  it('writes saves in order, the last list winning', async () => {
    const r = new RecentFiles({ storePath: store });
    await Promise.all(['/1.yaml', '/2.yaml', '/3.yaml', '/4.yaml'].map((p) => r.add(p)));
    await r.flush();
    expect(JSON.parse(readFileSync(store, 'utf8')).files).toEqual(['/4.yaml', '/3.yaml', '/2.yaml', '/1.yaml']);
  });
});
