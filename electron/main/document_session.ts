// The one open scenario document of the window: its path, its text as the renderer last reported
// it, and the text last read from or written to disk. Main holds the text (the renderer reports
// every edit), so Save, the close prompt and the reload prompt never wait on the renderer.
//
// Everything with a dialog runs one operation at a time; dialogs, disk access and the renderer are
// injected, so this is tested as a plain module.
import { basename, extname } from 'node:path';
import type { DocumentSnapshot, DocumentState, NewDocumentRequest, SaveResult } from '../common/ipc.js';
import type { DiskState, FileWatcher } from './file_watcher.js';

export type DiscardAnswer = 'save' | 'discard' | 'cancel';

export interface SessionDialogs {
  /** A scenario file to open, or null when canceled. */
  showOpen(): Promise<string | null>;
  /** Where to save, or null when canceled. */
  showSave(defaultName: string): Promise<string | null>;
  /** The document has unsaved edits and is about to be replaced or closed. */
  confirmDiscard(name: string): Promise<DiscardAnswer>;
  /** The file changed on disk: reload it? `dirty`: reloading loses the unsaved edits. */
  confirmReload(name: string, dirty: boolean): Promise<boolean>;
  showError(message: string, detail: string): Promise<void> | void;
}

export interface RecentList {
  add(path: string): Promise<void>;
  remove(path: string): Promise<void>;
  has(path: string): boolean;
}

export interface SessionDeps {
  dialogs: SessionDialogs;
  readText(path: string): Promise<string>;
  /** Writes atomically; resolves to the path written (a symlink's target). */
  writeText(path: string, text: string): Promise<string>;
  recent: RecentList;
  watch?(path: string, onChange: (state: DiskState) => void): FileWatcher;
  /** A new document's text (a small example scenario). */
  newText: string;
  emitLoaded(snapshot: DocumentSnapshot): void;
  emitState(state: DocumentState): void;
}

/** Where a path to open came from: files that did not come from a dialog or the recent list must
 * look like scenarios. */
export type OpenOrigin = 'dialog' | 'recent' | 'drop' | 'argv' | 'os';

export const SCENARIO_EXTENSION = '.windtunnel.yaml';

export function isScenarioPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

/** A save path without any extension gets `.windtunnel.yaml` (GTK dialogs add none). */
export function withScenarioExtension(path: string): string {
  return extname(basename(path)) === '' ? path + SCENARIO_EXTENSION : path;
}

export function windowTitle(state: DocumentState, product = 'Windtunnel'): string {
  return `${state.dirty ? '• ' : ''}${state.name} — ${product}`;
}

export class DocumentSession {
  private path: string | null = null;
  private untitledName = 'untitled';
  private text: string;
  /** The text on disk as last read or written; null when untitled or deleted on disk. */
  private baseline: string | null;
  private watcher: FileWatcher | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private lastState: DocumentState;
  private pendingDisk: DiskState | undefined;
  private reloadPromptOpen = false;
  private lastReason: DocumentSnapshot['reason'] = 'new';

  constructor(private readonly deps: SessionDeps) {
    this.text = deps.newText;
    this.baseline = deps.newText; // an untouched new document closes without a prompt
    this.lastState = this.state();
  }

  state(): DocumentState {
    return { path: this.path, name: this.name(), dirty: this.isDirty() };
  }

  /** The document as it is now; `reason` defaults to how it was last loaded. */
  snapshot(reason: DocumentSnapshot['reason'] = this.lastReason): DocumentSnapshot {
    return { ...this.state(), text: this.text, reason };
  }

  isDirty(): boolean {
    return this.baseline === null || this.text !== this.baseline;
  }

  currentPath(): string | null {
    return this.path;
  }

  private name(): string {
    return this.path ? basename(this.path) : this.untitledName;
  }

  /** Renderer edits: no dialog, no queue. */
  edit(text: string): void {
    this.text = text;
    this.publishState();
  }

  newDocument(request: NewDocumentRequest = {}): Promise<DocumentSnapshot | null> {
    return this.exclusive(async () => {
      if (!(await this.confirmDiscardInner())) return null;
      this.setUntitled(request.text ?? this.deps.newText, request.name ?? 'untitled');
      return this.loaded('new');
    });
  }

  /** Lessons menu: the lesson's scenario as an untitled document named after the lesson. */
  openLesson(name: string, text: string): Promise<DocumentSnapshot | null> {
    return this.exclusive(async () => {
      if (!(await this.confirmDiscardInner())) return null;
      this.setUntitled(text, name);
      return this.loaded('lesson');
    });
  }

  /** File › Open…: the dialog first, then (if a file was chosen) the unsaved-edits prompt. */
  open(): Promise<DocumentSnapshot | null> {
    return this.exclusive(async () => {
      const path = await this.deps.dialogs.showOpen();
      return path === null ? null : this.openPathInner(path, 'dialog');
    });
  }

  openPath(path: string, origin: OpenOrigin): Promise<DocumentSnapshot | null> {
    return this.exclusive(() => this.openPathInner(path, origin));
  }

  /** File › Reload Scenario: read the file again (asks first when there are unsaved edits). */
  reload(): Promise<DocumentSnapshot | null> {
    return this.exclusive(async () => {
      if (this.path === null) return null;
      if (this.isDirty() && !(await this.deps.dialogs.confirmReload(this.name(), true))) return null;
      return this.readInto(this.path, 'reload');
    });
  }

  save(): Promise<SaveResult> {
    return this.exclusive(() => this.saveInner());
  }

  saveAs(): Promise<SaveResult> {
    return this.exclusive(() => this.saveAsInner());
  }

  /** Before closing the window or quitting: true when it may go ahead. */
  confirmClose(): Promise<boolean> {
    return this.exclusive(() => this.confirmDiscardInner());
  }

  /** After the window closed (its edits saved or discarded at the prompt): a new document. */
  reset(): void {
    this.setUntitled(this.deps.newText, 'untitled');
    this.lastReason = 'new';
    this.lastState = this.state();
  }

  dispose(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  // ---- inner operations (run inside `exclusive`, never call it) ----

  private async openPathInner(path: string, origin: OpenOrigin): Promise<DocumentSnapshot | null> {
    if (origin === 'recent' && !this.deps.recent.has(path)) {
      await this.deps.dialogs.showError('Could not open the file.', `${path} is not in the recent files list.`);
      return null;
    }
    if ((origin === 'drop' || origin === 'argv' || origin === 'os') && !isScenarioPath(path)) {
      await this.deps.dialogs.showError('Could not open the file.', `${basename(path)} is not a scenario (.windtunnel.yaml, .yaml, .yml or .json).`);
      return null;
    }
    if (!(await this.confirmDiscardInner())) return null;
    return this.readInto(path, 'open');
  }

  private async readInto(path: string, reason: 'open' | 'reload'): Promise<DocumentSnapshot | null> {
    let text: string;
    try {
      text = await this.deps.readText(path);
    } catch (err) {
      await this.deps.dialogs.showError(`Could not open ${basename(path)}.`, errorText(err));
      if (this.deps.recent.has(path)) await this.deps.recent.remove(path).catch(() => {});
      return null;
    }
    const samePath = this.path === path;
    this.path = path;
    this.text = text;
    this.baseline = text;
    this.pendingDisk = undefined;
    if (!samePath || !this.watcher) this.startWatching();
    await this.deps.recent.add(path).catch(() => {});
    return this.loaded(reason);
  }

  private async saveInner(): Promise<SaveResult> {
    if (this.path === null) return this.saveAsInner();
    return this.writeTo(this.path);
  }

  private async saveAsInner(): Promise<SaveResult> {
    const chosen = await this.deps.dialogs.showSave(this.path ? basename(this.path) : this.untitledName + SCENARIO_EXTENSION);
    if (chosen === null) return { ok: false, reason: 'canceled' };
    return this.writeTo(withScenarioExtension(chosen));
  }

  private async writeTo(path: string): Promise<SaveResult> {
    const text = this.text;
    let written: string;
    try {
      written = await this.deps.writeText(path, text);
    } catch (err) {
      const message = errorText(err);
      await this.deps.dialogs.showError(`Could not save ${basename(path)}.`, message);
      return { ok: false, reason: 'error', message };
    }
    const moved = this.path !== path;
    this.path = path;
    this.baseline = text;
    if (moved || !this.watcher) this.startWatching();
    await this.deps.recent.add(path).catch(() => {});
    this.publishState(true);
    return { ok: true, path: written };
  }

  private async confirmDiscardInner(): Promise<boolean> {
    if (!this.isDirty()) return true;
    const answer = await this.deps.dialogs.confirmDiscard(this.name());
    if (answer === 'cancel') return false;
    if (answer === 'discard') return true;
    return (await this.saveInner()).ok;
  }

  private setUntitled(text: string, name: string): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.path = null;
    this.untitledName = name;
    this.text = text;
    this.baseline = text;
    this.pendingDisk = undefined;
  }

  private loaded(reason: DocumentSnapshot['reason']): DocumentSnapshot {
    this.lastReason = reason;
    const snap = this.snapshot(reason);
    this.lastState = this.state();
    this.deps.emitLoaded(snap);
    return snap;
  }

  private publishState(force = false): void {
    const s = this.state();
    if (!force && s.path === this.lastState.path && s.name === this.lastState.name && s.dirty === this.lastState.dirty) return;
    this.lastState = s;
    this.deps.emitState(s);
  }

  // ---- external changes ----

  private startWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (!this.deps.watch || this.path === null) return;
    const path = this.path;
    this.watcher = this.deps.watch(path, (disk) => {
      if (this.path === path) this.onDisk(disk);
    });
  }

  /** What the watcher saw on disk. Our own saves read back equal to the baseline and are ignored;
   * while a reload prompt is open, only the newest state is kept for afterwards. */
  onDisk(disk: DiskState): void {
    if (this.reloadPromptOpen) {
      this.pendingDisk = disk;
      return;
    }
    if (!disk.exists) {
      if (this.baseline !== null) {
        this.baseline = null; // deleted or moved away: the open text is now unsaved
        this.publishState();
      }
      return;
    }
    if (disk.text === this.baseline) return;
    if (this.baseline === null && disk.text === this.text) {
      this.baseline = disk.text; // back on disk with exactly our text
      this.publishState();
      return;
    }
    this.reloadPromptOpen = true;
    void this.exclusive(async () => {
      try {
        const path = this.path;
        const reload = await this.deps.dialogs.confirmReload(this.name(), this.isDirty());
        if (this.path !== path) return; // another document was opened meanwhile
        if (reload) {
          this.text = disk.text;
          this.baseline = disk.text;
          this.loaded('reload');
        } else {
          this.baseline = disk.text; // keep ours: it now differs from disk, so it is unsaved
          this.publishState();
        }
      } finally {
        this.reloadPromptOpen = false;
        const next = this.pendingDisk;
        this.pendingDisk = undefined;
        if (next) this.onDisk(next);
      }
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
