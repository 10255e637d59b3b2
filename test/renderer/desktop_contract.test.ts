// @vitest-environment happy-dom
// The renderer against the desktop shell's real IPC contract (electron/common/ipc.ts): a fake
// `window.windtunnel` implements WindtunnelDesktopApi with spies and behaves like main's document
// session (events before replies, payloads copied and checked by main's own validators, the
// unsaved-edits prompt), and the app model is driven through it. Also: the adapter's method list
// against the real preload, and the browser fallback without `window.windtunnel`.
import { afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  checkEditMessage, checkExportRequest, checkNewDocumentRequest, checkPathRequest,
} from '../../electron/common/ipc.js';
import type {
  DocumentSnapshot, DocumentState, ExportRequest, ExportResult, MenuCommand, NewDocumentRequest, RecentEntry, SaveResult,
  WindtunnelDesktopApi,
} from '../../electron/common/ipc.js';
import { EXPORT_FORMAT_INFO } from '../../core/export/formats.js';
import { getLesson, listLessons } from '../../core/index.js';
import { AppModel } from '../../renderer/lib/app.svelte.js';
import { WorkerClient } from '../../renderer/lib/client.js';
import type { RunRequest, WorkerRequest, WorkerResponse } from '../../renderer/lib/protocol.js';
import { DESKTOP_METHODS, desktop, documentTitle, missingMethods } from '../../renderer/lib/desktop.js';
import type { DesktopApi } from '../../renderer/lib/desktop.js';
import { output, run } from './helpers.js';

// The real preload, with electron replaced at its boundary (as in test/electron/preload.test.ts).
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async () => null), send: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  webUtils: { getPathForFile: vi.fn(() => '/x.yaml') },
}));
vi.mock('electron', () => electron);

const NEW_TEXT = 'windtunnel: 1\nname: untitled\n';
const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const lessonName = 'hyperparameter-tuning-3x';
const otherLesson = 'depends-on-past-adhoc';

type Listener<T> = (payload: T) => void;

/** main's DocumentSession, as far as the page can tell, behind the preload's API. */
class FakeMain implements WindtunnelDesktopApi {
  readonly platform = 'linux';
  path: string | null = null;
  untitled = 'untitled';
  text = NEW_TEXT;
  baseline: string | null = NEW_TEXT;
  reason: DocumentSnapshot['reason'] = 'new';
  /** The answer at the Save / Don't Save / Cancel prompt. */
  answer: 'discard' | 'cancel' = 'discard';
  prompts: string[] = [];
  disk = new Map<string, string>([['/home/me/a.windtunnel.yaml', 'windtunnel: 1\nname: a\n'], ['/home/me/dropped.windtunnel.yaml', 'windtunnel: 1\nname: dropped\n']]);
  recent: RecentEntry[] = [{ path: '/home/me/a.windtunnel.yaml', name: 'a.windtunnel.yaml' }];
  dialogPath = '/home/me/a.windtunnel.yaml';
  savePath = '/home/me/saved.windtunnel.yaml';
  dropPath = '/home/me/dropped.windtunnel.yaml';
  private readonly loadedListeners = new Set<Listener<DocumentSnapshot>>();
  private readonly stateListeners = new Set<Listener<DocumentState>>();
  private readonly commandListeners = new Set<Listener<MenuCommand>>();

  state(): DocumentState {
    return { path: this.path, name: this.path ? basename(this.path) : this.untitled, dirty: this.baseline === null || this.text !== this.baseline };
  }

  // ---- the API (every payload crosses IPC as a structured clone and is checked as main checks it)

  currentDocument = vi.fn(async (): Promise<DocumentSnapshot> => ipc(this.snapshot()));
  newDocument = vi.fn(async (request?: NewDocumentRequest): Promise<DocumentSnapshot | null> => {
    const r = checkNewDocumentRequest(ipc(request ?? {}));
    if (!r.ok) throw new Error(`refused: ${r.error}`);
    if (!this.mayReplace()) return null;
    this.setUntitled(r.value.text ?? NEW_TEXT, r.value.name ?? 'untitled');
    return this.loaded('new');
  });
  openDocument = vi.fn(async (): Promise<DocumentSnapshot | null> => (this.mayReplace() ? this.read(this.dialogPath, 'open') : null));
  openRecent = vi.fn(async (path: string): Promise<DocumentSnapshot | null> => {
    const r = checkPathRequest(ipc({ path }));
    if (!r.ok) throw new Error(`refused: ${r.error}`);
    if (!this.recent.some((e) => e.path === path)) return null; // main shows an error dialog
    return this.mayReplace() ? this.read(path, 'open') : null;
  });
  openDroppedFile = vi.fn(async (file: File): Promise<DocumentSnapshot | null> => {
    expect(file).toBeInstanceOf(File); // the preload resolves its path; the page passes the File
    return this.mayReplace() ? this.read(this.dropPath, 'open') : null;
  });
  reloadDocument = vi.fn(async (): Promise<DocumentSnapshot | null> => (this.path === null ? null : this.read(this.path, 'reload')));
  saveDocument = vi.fn(async (): Promise<SaveResult> => this.writeTo(this.path ?? this.savePath));
  saveDocumentAs = vi.fn(async (): Promise<SaveResult> => this.writeTo(this.savePath));
  recentDocuments = vi.fn(async (): Promise<RecentEntry[]> => ipc(this.recent));
  exportRun = vi.fn(async (request: ExportRequest): Promise<ExportResult> => {
    const r = checkExportRequest(ipc(request));
    if (!r.ok) throw new Error(`refused: ${r.error}`);
    return { ok: true, path: `/home/me/${EXPORT_FORMAT_INFO[r.value.format].suggestedName(r.value.output.scenario)}`, format: r.value.format };
  });
  editDocument = vi.fn((text: string): void => {
    const r = checkEditMessage(ipc({ text }));
    if (!r.ok) throw new Error(`refused: ${r.error}`);
    const before = this.state();
    this.text = r.value.text;
    const after = this.state();
    if (before.dirty !== after.dirty) this.emitState();
  });
  onDocumentLoaded = vi.fn((listener: Listener<DocumentSnapshot>) => subscribe(this.loadedListeners, listener));
  onDocumentState = vi.fn((listener: Listener<DocumentState>) => subscribe(this.stateListeners, listener));
  onCommand = vi.fn((listener: Listener<MenuCommand>) => subscribe(this.commandListeners, listener));

  // ---- what main does on its own (menus, the file watcher)

  /** Lessons menu: main opens the lesson as an untitled document named after it. */
  menuLesson(name: string): DocumentSnapshot | null {
    const lesson = getLesson(name)!;
    if (!this.mayReplace()) return null;
    this.setUntitled(lesson.text, lesson.name);
    return this.loaded('lesson');
  }

  menuCommand(command: MenuCommand): void {
    for (const l of this.commandListeners) l(ipc(command));
  }

  /** The open file changed on disk; `reload` is the user's answer at main's prompt. */
  changeOnDisk(text: string, reload: boolean): void {
    this.disk.set(this.path!, text);
    if (reload) {
      this.text = text;
      this.baseline = text;
      this.loaded('reload');
    } else {
      this.baseline = text;
      this.emitState();
    }
  }

  get listenerCount(): number {
    return this.loadedListeners.size + this.stateListeners.size + this.commandListeners.size;
  }

  // ---- internals

  private snapshot(): DocumentSnapshot {
    return { ...this.state(), text: this.text, reason: this.reason };
  }

  private mayReplace(): boolean {
    if (!this.state().dirty) return true;
    this.prompts.push(this.state().name);
    return this.answer === 'discard';
  }

  private setUntitled(text: string, name: string): void {
    this.path = null;
    this.untitled = name;
    this.text = text;
    this.baseline = text;
  }

  private read(path: string, reason: 'open' | 'reload'): DocumentSnapshot | null {
    const text = this.disk.get(path);
    if (text === undefined) return null;
    this.path = path;
    this.text = text;
    this.baseline = text;
    this.addRecent(path);
    return this.loaded(reason);
  }

  private writeTo(path: string): SaveResult {
    this.disk.set(path, this.text);
    this.path = path;
    this.baseline = this.text;
    this.addRecent(path);
    this.emitState();
    return { ok: true, path };
  }

  private addRecent(path: string): void {
    this.recent = [{ path, name: basename(path) }, ...this.recent.filter((e) => e.path !== path)];
  }

  /** main sends the event first, then replies. */
  private loaded(reason: DocumentSnapshot['reason']): DocumentSnapshot {
    this.reason = reason;
    const snap = this.snapshot();
    for (const l of this.loadedListeners) l(ipc(snap));
    return ipc(snap);
  }

  private emitState(): void {
    const s = this.state();
    for (const l of this.stateListeners) l(ipc(s));
  }
}

/** What crosses IPC is a structured clone (a Svelte state proxy would throw here). */
function ipc<T>(value: T): T {
  return structuredClone(value);
}

function subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): () => void {
  set.add(listener);
  return () => { set.delete(listener); };
}

/** A worker that lists the real lessons and answers every run with a small output. */
function fakeWorker() {
  const runs: RunRequest[] = [];
  let answer!: (res: WorkerResponse) => void;
  const client = new WorkerClient({
    post: (req: WorkerRequest) => {
      setTimeout(() => {
        if (req.method === 'lessons') {
          answer({ id: req.id, ok: true, result: listLessons() });
        } else if (req.method === 'run') {
          const params = req.params as RunRequest;
          runs.push(params);
          const out = output([run({ run_after: '2025-01-01T01:00:00Z' }), run({ run_after: '2025-01-02T01:00:00Z' })]);
          answer({ id: req.id, ok: true, result: {
            ok: true, session: params.session, output: out, warnings: [], elapsed_ms: 1,
            scenario: { name: 'test', description: '', airflow: '3.1', prior_run_order: 'logical_date', dag_ids: ['d'], tasks: { d: [] }, schedules: {}, timezones: {}, clock: { start: Date.parse(out.clock.start), end: Date.parse(out.clock.end) } },
          } });
        } else {
          answer({ id: req.id, ok: false, error: `no ${req.method} here` });
        }
      }, 0);
    },
    onMessage: (l) => { answer = l; },
    terminate: () => {},
  });
  return { client, runs };
}

/** The app model in the desktop shell, started as App.svelte starts it. */
async function desktopApp(main = new FakeMain(), search = '') {
  (globalThis as { windtunnel?: unknown }).windtunnel = main;
  const worker = fakeWorker();
  const app = new AppModel(worker.client);
  const disconnect = app.connectDesktop();
  await app.start(search);
  await settle(app);
  return { app, main, runs: worker.runs, disconnect };
}

/** Until the model is idle (events are handled asynchronously, like IPC). */
async function settle(app: AppModel): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 5));
    await vi.waitFor(() => expect(app.busy).toBe(false));
  }
}

afterEach(() => {
  delete (globalThis as { windtunnel?: unknown }).windtunnel;
  vi.restoreAllMocks();
});

describe('the adapter is the contract', () => {
  it('types: the renderer’s desktop API is WindtunnelDesktopApi itself, not a copy', () => {
    expectTypeOf<DesktopApi>().toEqualTypeOf<WindtunnelDesktopApi>();
    expectTypeOf<AppModel['desktop']>().toEqualTypeOf<WindtunnelDesktopApi | null>();
    expectTypeOf<Parameters<AppModel['command']>[0]>().toEqualTypeOf<MenuCommand>();
    expectTypeOf<Parameters<AppModel['applyDocument']>[0]>().toEqualTypeOf<DocumentSnapshot>();
    expectTypeOf<Parameters<AppModel['applyState']>[0]>().toEqualTypeOf<DocumentState>();
  });

  it('knows exactly the methods the real preload exposes', async () => {
    await import('../../electron/preload/preload.js');
    const exposed = electron.contextBridge.exposeInMainWorld.mock.calls[0][1] as WindtunnelDesktopApi;
    expect([...DESKTOP_METHODS].sort()).toEqual(Object.keys(exposed).filter((k) => k !== 'platform').sort());
    expect(missingMethods(exposed)).toEqual([]);
    (globalThis as { windtunnel?: unknown }).windtunnel = exposed;
    expect(desktop()).toBe(exposed);
  });

  it('refuses an object that lacks part of the contract (a stale preload), and is null in a browser', () => {
    expect(desktop()).toBeNull();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const stale: Partial<FakeMain> = new FakeMain();
    delete stale.openDroppedFile;
    Object.defineProperty(stale, 'openDroppedFile', { value: undefined });
    (globalThis as { windtunnel?: unknown }).windtunnel = stale;
    expect(desktop()).toBeNull();
    expect(error.mock.calls[0][0]).toContain('openDroppedFile');
  });

  it('titles the window as main does', () => {
    expect(documentTitle({ name: 'a.windtunnel.yaml', dirty: false })).toBe('a.windtunnel.yaml — Windtunnel');
    expect(documentTitle({ name: 'a.windtunnel.yaml', dirty: true })).toBe('• a.windtunnel.yaml — Windtunnel');
  });
});

describe('the renderer in the desktop shell', () => {
  it('starts with main’s current document and subscribes to its three events', async () => {
    const { app, main, runs } = await desktopApp();
    expect(main.currentDocument).toHaveBeenCalledOnce();
    expect(app.desktop).toBe(main);
    expect([app.docName, app.docPath, app.dirty, app.side]).toEqual(['untitled', null, false, 'editor']);
    expect(runs.map((r) => r.text)).toEqual([NEW_TEXT]);
    expect(main.listenerCount).toBe(3);
    expect(main.recentDocuments).toHaveBeenCalled();
    expect(app.recent.map((r) => r.name)).toEqual(['a.windtunnel.yaml']);
  });

  it('openLesson asks main for a new untitled document named after the lesson (applied once)', async () => {
    const { app, main, runs } = await desktopApp();
    const lesson = getLesson(lessonName)!;
    expect(await app.openLesson(lessonName)).toBe(true);
    await settle(app);
    expect(main.newDocument).toHaveBeenCalledExactlyOnceWith({ text: lesson.text, name: lesson.name });
    expect(main.state()).toEqual({ path: null, name: lessonName, dirty: false });
    expect(app.lesson?.name).toBe(lessonName);
    expect([app.side, app.docName, app.docPath, app.dirty, app.text]).toEqual(['lesson', lessonName, null, false, lesson.text]);
    expect(app.title).toBe(`${lessonName} — Windtunnel`);
    // The documentLoaded event and the reply carry the same document: one simulation.
    expect(runs.map((r) => r.text)).toEqual([NEW_TEXT, lesson.text]);
    expect(runs.at(-1)!.file).toBe(`${lessonName}.yaml`);
  });

  it('a lesson does not replace unsaved edits when the user cancels at main’s prompt', async () => {
    const { app, main, runs } = await desktopApp();
    app.edit(`${NEW_TEXT}# mine\n`);
    expect(main.editDocument).toHaveBeenLastCalledWith(`${NEW_TEXT}# mine\n`);
    expect(app.dirty).toBe(true); // from main's documentState
    main.answer = 'cancel';
    expect(await app.openLesson(lessonName)).toBe(false);
    expect(main.prompts).toEqual(['untitled']);
    expect(app.lesson).toBeNull();
    expect(app.text).toBe(`${NEW_TEXT}# mine\n`);
    expect(app.dirty).toBe(true);
    await settle(app);
    expect(runs.some((r) => r.text === getLesson(lessonName)!.text)).toBe(false);
  });

  it('after a lesson, Save goes to main (never overwrites the file opened before)', async () => {
    const { app, main } = await desktopApp();
    await app.openFile();
    expect(main.openDocument).toHaveBeenCalledOnce();
    expect(app.docPath).toBe('/home/me/a.windtunnel.yaml');
    await app.openLesson(lessonName);
    await settle(app);
    expect(app.docPath).toBeNull();
    await app.save();
    expect(main.saveDocument).toHaveBeenCalledOnce();
    expect(main.disk.get('/home/me/a.windtunnel.yaml')).toBe('windtunnel: 1\nname: a\n');
    expect(main.disk.get(main.savePath)).toBe(getLesson(lessonName)!.text);
    expect([app.docName, app.docPath, app.dirty]).toEqual(['saved.windtunnel.yaml', main.savePath, false]);
    expect(app.message).toBe(`saved ${main.savePath}`);
    await app.saveAs();
    expect(main.saveDocumentAs).toHaveBeenCalledOnce();
  });

  it('shows a lesson from the Lessons menu (documentLoaded, reason "lesson")', async () => {
    const { app, main, runs } = await desktopApp();
    main.menuLesson(otherLesson);
    await settle(app);
    const lesson = getLesson(otherLesson)!;
    expect(app.lesson?.name).toBe(otherLesson);
    expect(app.lesson?.narrative).toBe(lesson.narrative);
    expect([app.side, app.docName, app.text, app.dirty]).toEqual(['lesson', otherLesson, lesson.text, false]);
    expect(runs.at(-1)!.text).toBe(lesson.text);
    expect(main.newDocument).not.toHaveBeenCalled();
    // Then File › New: back to the editor, the lesson closed.
    await app.openText('windtunnel: 1\nname: other\n', 'other.yaml');
    await settle(app);
    expect([app.lesson, app.side, app.docName]).toEqual([null, 'editor', 'other.yaml']);
  });

  it('edits are reported to main, which owns the dirty flag and the title marker', async () => {
    const { app, main } = await desktopApp();
    await app.openFile();
    await settle(app);
    const original = app.text;
    app.edit(`${original}# edit\n`);
    expect(main.editDocument).toHaveBeenCalledTimes(1);
    expect(app.dirty).toBe(true);
    expect(app.title).toBe('• a.windtunnel.yaml — Windtunnel');
    app.edit(original); // back to what is on disk: main says clean
    expect(app.dirty).toBe(false);
    expect(app.title).toBe('a.windtunnel.yaml — Windtunnel');
  });

  it('a reload after an external change keeps the view; declining marks the text unsaved', async () => {
    const { app, main, runs } = await desktopApp();
    await app.openFile();
    await settle(app);
    app.selectRun(1);
    app.zoom = [1, 2];
    app.setClock(Date.parse('2025-01-03T00:00:00Z'));
    main.changeOnDisk('windtunnel: 1\nname: a2\n', true);
    await settle(app);
    expect(app.text).toBe('windtunnel: 1\nname: a2\n');
    expect(runs.at(-1)!.text).toBe('windtunnel: 1\nname: a2\n');
    expect(app.selection).toEqual({ run: 1 });
    expect(app.zoom).toEqual([1, 2]);
    expect(app.clock).toBe(Date.parse('2025-01-03T00:00:00Z'));
    expect(app.message).toBe('reloaded a.windtunnel.yaml');
    main.changeOnDisk('windtunnel: 1\nname: a3\n', false);
    expect(app.dirty).toBe(true);
    expect(app.text).toBe('windtunnel: 1\nname: a2\n');
    await app.reload();
    expect(main.reloadDocument).toHaveBeenCalledOnce();
    await settle(app);
    expect(app.text).toBe('windtunnel: 1\nname: a3\n');
  });

  it('dropped files, recent files and Reload go through main', async () => {
    const { app, main } = await desktopApp();
    await app.openDropped(new File(['ignored: the path is what counts'], 'dropped.windtunnel.yaml'));
    expect(main.openDroppedFile).toHaveBeenCalledOnce();
    await settle(app);
    expect([app.docName, app.docPath, app.text]).toEqual(['dropped.windtunnel.yaml', main.dropPath, 'windtunnel: 1\nname: dropped\n']);
    expect(app.recent.map((r) => r.path)).toEqual([main.dropPath, '/home/me/a.windtunnel.yaml']);
    await app.openRecent('/home/me/a.windtunnel.yaml');
    expect(main.openRecent).toHaveBeenCalledExactlyOnceWith('/home/me/a.windtunnel.yaml');
    await settle(app);
    expect(app.docName).toBe('a.windtunnel.yaml');
  });

  it('exports through main: Export As › format, Export… opens the chooser, the toolbar', async () => {
    const { app, main } = await desktopApp();
    main.menuCommand({ command: 'export', format: 'png', scale: 4 });
    await vi.waitFor(() => expect(main.exportRun).toHaveBeenCalledOnce());
    expect(main.exportRun.mock.calls[0][0]).toMatchObject({ format: 'png', scale: 4 });
    expect(main.exportRun.mock.calls[0][0].output).toBe(app.sim!.output);
    await vi.waitFor(() => expect(app.message).toBe('exported /home/me/test.timeline.png'));
    main.menuCommand({ command: 'export' });
    await vi.waitFor(() => expect(app.exportOpen).toBe(true));
    expect(main.exportRun).toHaveBeenCalledOnce();
    await app.exportFormat('dag_runs_csv');
    expect(app.exportOpen).toBe(false);
    expect(main.exportRun.mock.calls[1][0]).not.toHaveProperty('scale');
    expect(main.exportRun.mock.calls[1][0].format).toBe('dag_runs_csv');
  });

  it('a lesson named in the URL opens through main too; unsubscribes when unmounted', async () => {
    const { app, main, disconnect } = await desktopApp(new FakeMain(), `?lesson=${lessonName}`);
    expect(main.currentDocument).not.toHaveBeenCalled();
    expect(main.newDocument).toHaveBeenCalledOnce();
    expect(app.lesson?.name).toBe(lessonName);
    disconnect();
    expect(main.listenerCount).toBe(0);
  });
});

describe('the browser fallback (no window.windtunnel)', () => {
  let clicked: Array<{ download: string }> = [];
  beforeAll(() => {
    URL.createObjectURL = () => 'blob:fake';
    URL.revokeObjectURL = () => {};
  });

  async function browserApp() {
    const worker = fakeWorker();
    const app = new AppModel(worker.client);
    expect(app.desktop).toBeNull();
    clicked = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicked.push({ download: this.download }); });
    app.connectDesktop()();
    await app.start('');
    await settle(app);
    return { app, runs: worker.runs };
  }

  it('opens lessons itself, tracks edits against what it opened, downloads on Save and export', async () => {
    const { app, runs } = await browserApp();
    expect(app.lesson?.name).toBe('catchup-cron-timetables');
    expect(app.docName).toBe('catchup-cron-timetables.yaml');
    expect(await app.openLesson(lessonName)).toBe(true);
    await settle(app);
    expect(runs.at(-1)!.text).toBe(getLesson(lessonName)!.text);
    app.edit(`${app.text}# x\n`);
    expect([app.dirty, app.title]).toEqual([true, `• ${lessonName}.yaml — Windtunnel`]);
    await app.save();
    expect(clicked.at(-1)!.download).toBe(`${lessonName}.yaml`);
    expect(app.dirty).toBe(false);
    await app.exportFormat('task_instances_csv');
    expect(clicked.at(-1)!.download).toBe('test.task_instances.csv');
  });

  it('reads a dropped scenario in the page and refuses other files', async () => {
    const { app } = await browserApp();
    await app.openDropped(new File(['windtunnel: 1\nname: dropped\n'], 'mine.windtunnel.yaml'));
    await settle(app);
    expect([app.docName, app.text, app.lesson, app.side, app.dirty]).toEqual(['mine.windtunnel.yaml', 'windtunnel: 1\nname: dropped\n', null, 'editor', false]);
    await app.openDropped(new File(['x'], 'notes.txt'));
    expect(app.message).toContain('notes.txt is not a scenario');
    expect(app.docName).toBe('mine.windtunnel.yaml');
  });
});
