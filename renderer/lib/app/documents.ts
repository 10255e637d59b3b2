// The open document and where it comes from: a lesson, a file (opened, dropped, recent, reloaded),
// a scenario URL, or main's current document; saving it; the window title and the File menu's
// commands carried out by the page.
//
// In the desktop app main owns the document (its path, its text, whether it is dirty, the
// Save / Don't Save prompt): everything that replaces the text goes through window.windtunnel,
// and the text arrives back as a snapshot (the reply and a documentLoaded event; the first one
// applies). In a browser the page keeps the document itself.
import {
  documentTitle, download, isScenarioFileName, pickTextFile,
  type DocumentSnapshot, type DocumentState, type MenuCommand, type SaveResult,
} from '../desktop.js';
import type { ExportFormat } from '../../../core/index.js';
import type { LessonInfo } from '../protocol.js';
import { Live } from './live.js';
import { errorText } from './types.js';

export abstract class Documents extends Live {
  /** Counts documents applied from main, so a reply is not applied again after its event. */
  private loadedSeq = 0;
  /** The lesson this page asked main to open as a new document, until main answers. */
  private pendingLesson: LessonInfo | null = null;

  /** Export the run shown (export.ts); saving a live server's state writes a history file. */
  abstract exportFormat(format: ExportFormat, scale?: number): Promise<void>;

  /** Subscribe to main's events (desktop only); returns the unsubscriber. */
  connectDesktop(): () => void {
    const d = this.desktop;
    if (!d) return () => {};
    const offs = [
      d.onDocumentLoaded((doc) => { void this.applyDocument(doc); }),
      d.onDocumentState((s) => this.applyState(s)),
      d.onCommand((c) => { void this.command(c); }),
    ];
    void this.refreshRecent();
    return () => { for (const off of offs) off(); };
  }

  /** The first document: a lesson or a scenario URL from the query string, else main's current
   * document (desktop) or the first lesson (browser). */
  async start(search: string, hash = ''): Promise<void> {
    const params = new URLSearchParams(search);
    await this.loadLessons().catch((e) => { this.status = `could not list lessons: ${errorText(e)}`; });
    // ?attach=http://127.0.0.1:8080#token=T watches a server (the token stays out of the query
    // string, so it is not sent to the page's own server nor kept in its logs).
    const attach = params.get('attach');
    if (attach) {
      const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
      if (token) { await this.attach(attach, token); return; }
      this.attachOpen = true;
      try { localStorage.setItem('windtunnel.attach.url', attach); } catch { /* storage may be unavailable */ }
    }
    const lesson = params.get('lesson');
    const scenario = params.get('scenario');
    if (lesson) { await this.openLesson(lesson); return; }
    if (scenario) {
      try {
        const res = await fetch(scenario);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        await this.openText(await res.text(), scenario.split(/[\\/]/).pop() || 'scenario.yaml');
      } catch (e) {
        this.message = `could not open ${scenario}: ${errorText(e)}`;
      }
      return;
    }
    if (this.desktop) {
      // After a window reload the last document comes back as it was last loaded; a 'reload' here
      // is just the open file.
      await this.fromMain(async () => {
        const doc = await this.desktop!.currentDocument();
        return doc.reason === 'reload' ? { ...doc, reason: 'open' } : doc;
      });
      return;
    }
    const first = this.lessons.find((l) => l.name === 'catchup-cron-timetables') ?? this.lessons[0];
    if (first) await this.openLesson(first.name);
  }

  async loadLessons(): Promise<void> {
    this.lessons = await this.client.call('lessons');
  }

  /** The window title: the document's name, a bullet while it has unsaved edits. */
  get title(): string {
    return documentTitle({ name: this.docName, dirty: this.dirty });
  }

  /** Open a built-in lesson. Desktop: as an untitled document named after it, through main (which
   * asks about unsaved edits first). False when there is no such lesson or the user canceled. */
  async openLesson(name: string): Promise<boolean> {
    if (!this.lessons.length) await this.loadLessons();
    const lesson = this.lessons.find((l) => l.name === name);
    if (!lesson) { this.message = `no lesson named "${name}"`; return false; }
    if (this.desktop) {
      this.pendingLesson = lesson;
      try {
        return (await this.fromMain(() => this.desktop!.newDocument({ text: lesson.text, name: lesson.name }))) !== null;
      } finally {
        this.pendingLesson = null;
      }
    }
    if (!this.confirmDiscard()) return false;
    await this.showLesson(lesson, lesson.text);
    this.setBrowserDocument(`${lesson.name}.yaml`, lesson.text);
    return true;
  }

  /** Text from elsewhere (a scenario URL): a new untitled document. */
  async openText(text: string, fileName: string): Promise<boolean> {
    if (this.desktop) {
      const name = fileName.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100) || 'untitled';
      return (await this.fromMain(() => this.desktop!.newDocument({ text, name }))) !== null;
    }
    if (!this.confirmDiscard()) return false;
    this.lesson = null;
    this.side = 'editor';
    this.setBrowserDocument(fileName, text);
    await this.load(text, fileName);
    return true;
  }

  async openFile(): Promise<void> {
    if (this.desktop) {
      await this.fromMain(() => this.desktop!.openDocument());
      return;
    }
    if (!this.confirmDiscard()) return;
    const f = await pickTextFile();
    if (f) await this.openBrowserFile(f.name, f.text);
  }

  /** A file dropped on the window. */
  async openDropped(file: File): Promise<void> {
    if (this.desktop) {
      // Only the preload can learn a dropped file's path; main checks it is a scenario.
      await this.fromMain(() => this.desktop!.openDroppedFile(file));
      return;
    }
    if (!isScenarioFileName(file.name)) {
      this.message = `${file.name} is not a scenario (.windtunnel.yaml, .yaml, .yml or .json)`;
      return;
    }
    if (!this.confirmDiscard()) return;
    await this.openBrowserFile(file.name, await file.text());
  }

  async openRecent(path: string): Promise<void> {
    if (!this.desktop) return;
    await this.fromMain(() => this.desktop!.openRecent(path));
    void this.refreshRecent();
  }

  /** Read the open file again (main asks first when there are unsaved edits). */
  async reload(): Promise<void> {
    if (!this.desktop || this.docPath === null) return;
    await this.fromMain(() => this.desktop!.reloadDocument());
  }

  async refreshRecent(): Promise<void> {
    if (!this.desktop) return;
    try {
      this.recent = await this.desktop.recentDocuments();
    } catch (e) {
      this.message = `could not list recent files: ${errorText(e)}`;
    }
  }

  /** A document from main (a reply or a documentLoaded event). */
  async applyDocument(doc: DocumentSnapshot): Promise<void> {
    this.loadedSeq++;
    this.docName = doc.name;
    this.docPath = doc.path;
    this.dirty = doc.dirty;
    const fileName = doc.path ?? (isScenarioFileName(doc.name) ? doc.name : `${doc.name}.yaml`);
    if (doc.reason === 'reload') {
      // Same document, new text: keep the view, the lesson and the panel.
      this.message = `reloaded ${doc.name}`;
      await this.load(doc.text, fileName, { keepView: true });
      return;
    }
    // A lesson from the Lessons menu arrives as 'lesson'; one the page asked for as 'new' with its name.
    const pending = this.pendingLesson;
    let lesson = doc.reason === 'new' && pending && pending.name === doc.name && pending.text === doc.text ? pending : null;
    if (doc.reason === 'lesson') {
      if (!this.lessons.length) await this.loadLessons().catch(() => {});
      lesson = this.lessons.find((l) => l.name === doc.name) ?? null;
    }
    if (lesson) {
      await this.showLesson(lesson, doc.text, fileName);
      return;
    }
    this.lesson = null;
    this.side = 'editor';
    if (doc.reason === 'open') void this.refreshRecent();
    await this.load(doc.text, fileName);
  }

  /** Main's view of the open document changed (an edit, a save, the file deleted on disk). */
  applyState(state: DocumentState): void {
    const moved = state.path !== this.docPath;
    this.docName = state.name;
    this.docPath = state.path;
    this.dirty = state.dirty;
    if (moved && state.path !== null) {
      this.file = state.path;
      void this.refreshRecent();
    }
  }

  /** A menu item that the page carries out. */
  async command(c: MenuCommand): Promise<void> {
    if (c.command === 'export') {
      if (c.format) await this.exportFormat(c.format, c.scale);
      else this.exportOpen = true;
    } else if (c.command === 'attach') {
      this.attachOpen = true;
    }
  }

  async save(): Promise<void> {
    // A live server's state is no document of ours: saving it writes a history file.
    if (this.live) { await this.exportFormat('json'); return; }
    if (this.desktop) {
      this.reportSave(await this.desktop.saveDocument());
      return;
    }
    const name = isScenarioFileName(this.docName) ? this.docName : `${this.docName}.yaml`;
    download(name, this.text, 'application/yaml');
    this.baseline = this.text;
    this.dirty = false;
    this.message = `downloaded ${name}`;
  }

  async saveAs(): Promise<void> {
    if (this.desktop) this.reportSave(await this.desktop.saveDocumentAs());
    else await this.save();
  }

  /** Runs a desktop call that may load a document; applies the reply unless a documentLoaded
   * event already did (main sends the event before it replies). Null: canceled or refused. */
  private async fromMain(call: () => Promise<DocumentSnapshot | null>): Promise<DocumentSnapshot | null> {
    const seq = this.loadedSeq;
    let doc: DocumentSnapshot | null;
    try {
      doc = await call();
    } catch (e) {
      this.message = `failed: ${errorText(e)}`;
      return null;
    }
    if (doc && this.loadedSeq === seq) await this.applyDocument(doc);
    return doc;
  }

  private async showLesson(lesson: LessonInfo, text: string, fileName = `${lesson.name}.yaml`): Promise<void> {
    this.lesson = lesson;
    this.side = 'lesson';
    this.profile = 'scenario';
    this.priorRunOrder = 'scenario';
    await this.load(text, fileName);
  }

  private async openBrowserFile(name: string, text: string): Promise<void> {
    this.lesson = null;
    this.side = 'editor';
    this.setBrowserDocument(name, text);
    await this.load(text, name);
  }

  private setBrowserDocument(name: string, text: string): void {
    this.docName = name;
    this.docPath = null;
    this.baseline = text;
    this.dirty = false;
  }

  /** Browser only (main asks in the desktop app): may the unsaved edits go? */
  protected confirmDiscard(): boolean {
    if (!this.dirty || typeof confirm !== 'function') return true;
    return confirm(`${this.docName} has unsaved edits. Discard them?`);
  }

  private reportSave(r: SaveResult): void {
    this.message = r.ok ? `saved ${r.path}` : r.reason === 'canceled' ? '' : `save failed: ${r.message ?? ''}`;
  }
}
