import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentSnapshot, DocumentState } from '../../electron/common/ipc.js';
import { DocumentSession, isScenarioPath, windowTitle, withScenarioExtension } from '../../electron/main/document_session.js';
import type { DiscardAnswer, SessionDeps } from '../../electron/main/document_session.js';
import type { DiskState } from '../../electron/main/file_watcher.js';
import { readScenarioFile } from '../../electron/main/files.js';
import { RecentFiles } from '../../electron/main/recent_files.js';
import { atomicWriteFile } from '../../electron/node/atomic_write.js';

const NEW = 'windtunnel: 1\nname: untitled\n';
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'wt-doc-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

/** A session on the real file system with scripted dialogs. */
function setup(over: Partial<SessionDeps> = {}) {
  const answers = {
    open: [] as Array<string | null>,
    save: [] as Array<string | null>,
    discard: [] as DiscardAnswer[],
    reload: [] as boolean[],
  };
  const calls = { discard: 0, reload: [] as Array<[string, boolean]>, errors: [] as string[] };
  const loaded: DocumentSnapshot[] = [];
  const states: DocumentState[] = [];
  const watchers = new Map<string, (s: DiskState) => void>();
  const recent = new RecentFiles({ storePath: join(dir, 'recent.json') });
  const deps: SessionDeps = {
    dialogs: {
      showOpen: async () => answers.open.shift() ?? null,
      showSave: async () => answers.save.shift() ?? null,
      confirmDiscard: async () => { calls.discard++; return answers.discard.shift() ?? 'cancel'; },
      confirmReload: async (name, dirty) => { calls.reload.push([name, dirty]); return answers.reload.shift() ?? false; },
      showError: (message, detail) => { calls.errors.push(`${message} ${detail}`); },
    },
    readText: readScenarioFile,
    writeText: (p, t) => atomicWriteFile(p, t),
    recent,
    watch: (path, onChange) => { watchers.set(path, onChange); return { close: () => watchers.delete(path) }; },
    newText: NEW,
    emitLoaded: (s) => loaded.push(s),
    emitState: (s) => states.push(s),
    ...over,
  };
  const session = new DocumentSession(deps);
  return { session, answers, calls, loaded, states, watchers, recent };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('DocumentSession', () => {
  it('starts as a clean untitled document with the example text', () => {
    const { session } = setup();
    expect(session.snapshot()).toEqual({ path: null, name: 'untitled', dirty: false, text: NEW, reason: 'new' });
  });

  it('marks edits dirty and clean again when the text returns to the saved one, telling the renderer once per change', () => {
    const { session, states } = setup();
    session.edit('a');
    session.edit('ab');
    expect(session.isDirty()).toBe(true);
    session.edit(NEW);
    expect(session.isDirty()).toBe(false);
    expect(states.map((s) => s.dirty)).toEqual([true, false]);
  });

  it('opens a file from the dialog, watches it, adds it to recent files', async () => {
    const p = file('a.windtunnel.yaml', 'windtunnel: 1\nname: a\n');
    const { session, answers, loaded, watchers, recent } = setup();
    answers.open.push(p);
    const snap = await session.open();
    expect(snap).toEqual({ path: p, name: 'a.windtunnel.yaml', dirty: false, text: 'windtunnel: 1\nname: a\n', reason: 'open' });
    expect(loaded).toEqual([snap]);
    expect([...watchers.keys()]).toEqual([p]);
    expect(recent.has(p)).toBe(true);
  });

  it('asks before losing edits: Cancel keeps them, Don’t Save drops them, Save saves first', async () => {
    const a = file('a.yaml', 'A');
    const b = file('b.yaml', 'B');
    const { session, answers, calls } = setup();
    await session.openPath(a, 'argv');
    session.edit('A edited');

    answers.discard.push('cancel');
    expect(await session.openPath(b, 'argv')).toBeNull();
    expect(session.snapshot().text).toBe('A edited');

    answers.discard.push('save');
    expect((await session.openPath(b, 'argv'))?.text).toBe('B');
    expect(readFileSync(a, 'utf8')).toBe('A edited');

    session.edit('B edited');
    answers.discard.push('discard');
    expect((await session.newDocument())?.text).toBe(NEW);
    expect(readFileSync(b, 'utf8')).toBe('B');
    expect(calls.discard).toBe(3);
  });

  it('does not ask when nothing is unsaved', async () => {
    const { session, calls } = setup();
    await session.newDocument({ text: 'x', name: 'lesson-1' });
    expect(session.state()).toEqual({ path: null, name: 'lesson-1', dirty: false });
    expect(await session.confirmClose()).toBe(true);
    expect(calls.discard).toBe(0);
  });

  it('saving an untitled document asks where (Save As), adds the extension, and writes atomically', async () => {
    const { session, answers, states } = setup();
    session.edit('windtunnel: 1\nname: mine\n');
    answers.save.push(join(dir, 'mine'));
    const r = await session.save();
    const expected = join(dir, 'mine.windtunnel.yaml');
    expect(r).toEqual({ ok: true, path: expected });
    expect(readFileSync(expected, 'utf8')).toBe('windtunnel: 1\nname: mine\n');
    expect(session.state()).toEqual({ path: expected, name: 'mine.windtunnel.yaml', dirty: false });
    expect(states.at(-1)).toEqual({ path: expected, name: 'mine.windtunnel.yaml', dirty: false });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a canceled Save As changes nothing; a failed save reports and keeps the edits', async () => {
    const { session, answers, calls } = setup();
    session.edit('edited');
    expect(await session.saveAs()).toEqual({ ok: false, reason: 'canceled' });
    answers.save.push(join(dir, 'no-such-dir', 'x.yaml'));
    const r = await session.saveAs();
    expect(r).toMatchObject({ ok: false, reason: 'error' });
    expect(calls.errors[0]).toMatch(/Could not save x\.yaml/);
    expect(session.isDirty()).toBe(true);
    expect(session.currentPath()).toBeNull();
  });

  it('a close prompt answered Save but whose Save As is canceled does not close', async () => {
    const { session, answers } = setup();
    session.edit('edited');
    answers.discard.push('save');
    answers.save.push(null);
    expect(await session.confirmClose()).toBe(false);
  });

  it('opens recent files only from the recent list, and drops a recent file that is gone', async () => {
    const a = file('a.yaml', 'A');
    const { session, calls, recent } = setup();
    expect(await session.openPath(a, 'recent')).toBeNull();
    expect(calls.errors[0]).toMatch(/not in the recent files list/);
    await recent.add(a);
    expect((await session.openPath(a, 'recent'))?.text).toBe('A');
    rmSync(a);
    await session.newDocument();
    expect(await session.openPath(a, 'recent')).toBeNull();
    expect(recent.has(a)).toBe(false);
  });

  it('opens dropped and command-line files only when they look like scenarios', async () => {
    const txt = file('notes.txt', 'x');
    const { session, calls } = setup();
    expect(await session.openPath(txt, 'drop')).toBeNull();
    expect(calls.errors[0]).toMatch(/not a scenario/);
    expect((await session.openPath(file('s.json', '{}'), 'drop'))?.text).toBe('{}');
  });

  it('refuses directories, huge files and non-UTF-8 files', async () => {
    const { session, calls } = setup();
    expect(await session.openPath(dir + '/', 'dialog')).toBeNull();
    writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0xff, 0xfe, 0x00, 0xc3]));
    expect(await session.openPath(join(dir, 'bin.yaml'), 'dialog')).toBeNull();
    expect(calls.errors.join('\n')).toMatch(/not a file[\s\S]*not UTF-8/);
  });

  it('reloads from disk, asking first only when there are unsaved edits', async () => {
    const a = file('a.yaml', 'A');
    const { session, answers, calls } = setup();
    await session.openPath(a, 'dialog');
    writeFileSync(a, 'A2');
    expect((await session.reload())?.text).toBe('A2');
    expect(calls.reload).toEqual([]);
    session.edit('mine');
    answers.reload.push(false);
    expect(await session.reload()).toBeNull();
    expect(session.snapshot().text).toBe('mine');
    expect(calls.reload).toEqual([['a.yaml', true]]);
  });

  describe('external changes', () => {
    it('ignore our own save (the disk equals what we wrote)', async () => {
      const a = file('a.yaml', 'A');
      const { session, watchers, calls } = setup();
      await session.openPath(a, 'dialog');
      session.edit('B');
      await session.save();
      watchers.get(a)!({ exists: true, text: 'B' });
      expect(calls.reload).toEqual([]);
    });

    it('offer to reload; accepting loads the new text', async () => {
      const a = file('a.yaml', 'A');
      const { session, watchers, answers, loaded, calls } = setup();
      await session.openPath(a, 'dialog');
      answers.reload.push(true);
      watchers.get(a)!({ exists: true, text: 'A from elsewhere' });
      await session.confirmClose(); // waits for the queued prompt
      expect(calls.reload).toEqual([['a.yaml', false]]);
      expect(loaded.at(-1)).toMatchObject({ text: 'A from elsewhere', reason: 'reload', dirty: false });
    });

    it('declining keeps our text, now unsaved because it differs from disk', async () => {
      const a = file('a.yaml', 'A');
      const { session, watchers, answers } = setup();
      await session.openPath(a, 'dialog');
      answers.reload.push(false);
      watchers.get(a)!({ exists: true, text: 'theirs' });
      answers.discard.push('cancel');
      expect(await session.confirmClose()).toBe(false);
      expect(session.snapshot()).toMatchObject({ text: 'A', dirty: true });
    });

    it('coalesce changes arriving while the prompt is open into one more prompt with the newest text', async () => {
      const a = file('a.yaml', 'A');
      let release!: (v: boolean) => void;
      const { session, watchers, loaded } = setup();
      await session.openPath(a, 'dialog');
      const prompts: string[] = [];
      (session as unknown as { deps: SessionDeps }).deps.dialogs.confirmReload = (name) => {
        prompts.push(name);
        return new Promise((r) => { release = r; });
      };
      const notify = watchers.get(a)!;
      notify({ exists: true, text: 'v1' });
      await Promise.resolve();
      notify({ exists: true, text: 'v2' });
      notify({ exists: true, text: 'v3' });
      release(false);
      await new Promise((r) => setTimeout(r, 0));
      expect(prompts).toHaveLength(2);
      release(true);
      await session.confirmClose().catch(() => {});
      expect(loaded.at(-1)?.text).toBe('v3');
    });

    it('a deleted file makes the document unsaved; the same text coming back makes it clean', async () => {
      const a = file('a.yaml', 'A');
      const { session, watchers, states } = setup();
      await session.openPath(a, 'dialog');
      watchers.get(a)!({ exists: false });
      expect(session.isDirty()).toBe(true);
      watchers.get(a)!({ exists: true, text: 'A' });
      expect(session.isDirty()).toBe(false);
      expect(states.map((s) => s.dirty)).toEqual([true, false]);
    });

    it('stop when another document is opened', async () => {
      const a = file('a.yaml', 'A');
      const { session, watchers } = setup();
      await session.openPath(a, 'dialog');
      await session.newDocument();
      expect(watchers.size).toBe(0);
    });
  });

  it('runs dialogs one at a time', async () => {
    const { session } = setup();
    const order: string[] = [];
    let releaseOpen!: (p: string | null) => void;
    (session as unknown as { deps: SessionDeps }).deps.dialogs.showOpen = () => { order.push('open dialog'); return new Promise((r) => { releaseOpen = r; }); };
    (session as unknown as { deps: SessionDeps }).deps.dialogs.showSave = async () => { order.push('save dialog'); return null; };
    const opening = session.open();
    const saving = session.saveAs();
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual(['open dialog']);
    releaseOpen(null);
    await opening;
    await saving;
    expect(order).toEqual(['open dialog', 'save dialog']);
  });

  it('opens a lesson as an untitled document named after it', async () => {
    const { session, loaded } = setup();
    const snap = await session.openLesson('xcom-prior-run', 'windtunnel: 1\nname: xcom-prior-run\n');
    expect(snap).toMatchObject({ path: null, name: 'xcom-prior-run', dirty: false, reason: 'lesson' });
    expect(loaded).toHaveLength(1);
    expect(session.snapshot().reason).toBe('lesson');
    session.reset();
    expect(session.snapshot()).toMatchObject({ name: 'untitled', text: NEW, reason: 'new' });
  });
});

describe('helpers', () => {
  it('isScenarioPath', () => {
    for (const p of ['a.windtunnel.yaml', 'a.YAML', 'b.yml', 'c.json']) expect(isScenarioPath(p)).toBe(true);
    for (const p of ['a.txt', 'yaml', 'a.yaml.bak']) expect(isScenarioPath(p)).toBe(false);
  });

  it('withScenarioExtension adds .windtunnel.yaml only when there is no extension', () => {
    expect(withScenarioExtension('/d/x')).toBe('/d/x.windtunnel.yaml');
    expect(withScenarioExtension('/d.e/x')).toBe('/d.e/x.windtunnel.yaml');
    expect(withScenarioExtension('/d/x.yaml')).toBe('/d/x.yaml');
  });

  it('windowTitle marks unsaved edits', () => {
    expect(windowTitle({ path: null, name: 'untitled', dirty: false })).toBe('untitled — Windtunnel');
    expect(windowTitle({ path: '/a.yaml', name: 'a.yaml', dirty: true })).toBe('• a.yaml — Windtunnel');
  });
});
