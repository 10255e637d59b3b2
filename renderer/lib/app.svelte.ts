// The app's state in one place: the scenario text, the engine's last answer, derived layout, the
// virtual clock, the selection and the views' settings. Components read it and call its methods;
// only this file talks to the worker.
import type { Profile, PriorRunOrder, RunOutput, ScenarioError } from '../../core/index.js';
import type { Theme } from '../../view/colors.js';
import { layoutTimeline, type TimelineLayout } from '../../view/timeline_layout.js';
import { buildSteps, buildTiHistory, stepsDone, type Steps, type TiHistory } from '../../view/playback.js';
import { compareRuns, type CompareResult } from '../../view/compare.js';
import { startWorker, type WorkerClient } from './client.js';
import type { Stats } from '../../core/index.js';
import type { HistoryInfo, LessonInfo, RunReply, ScenarioSummary, Source, WhatIfReply } from './protocol.js';
import { LiveWatcher, normalizeServerUrl, type FetchLike, type LiveFailure } from './live_client.js';
import {
  desktop, documentTitle, download, isScenarioFileName, pickTextFile, svgToPngBlob,
  type DocumentSnapshot, type DocumentState, type MenuCommand, type RecentEntry, type SaveResult, type WindtunnelDesktopApi,
} from './desktop.js';
import type { ExportView } from '../../electron/common/ipc.js';
import { timelineSvg } from '../../view/timeline_svg.js';
import { countOf } from '../../view/format.js';
import { EXPORT_FORMAT_INFO, PNG_SCALE_DEFAULT, type ExportFormat } from '../../core/index.js';
import { dagRunsCsv, taskInstancesCsv } from '../../core/index.js';
import { runOutputJson } from '../../core/index.js';
import { PROFILES as CORE_PROFILES } from '../../core/index.js';

export type Tab = 'runs' | 'grid' | 'log' | 'sql' | 'next' | 'compare';
export type SidePanel = 'lesson' | 'editor';
export interface Selection { run: number; task?: string }
/** The visible time window [t0, t1] in epoch ms; null shows everything. Shared by timelines. */
export type Zoom = readonly [number, number] | null;

export interface Simulated {
  output: RunOutput;
  summary: ScenarioSummary;
  layout: TimelineLayout;
  steps: Steps;
  tiHistory: Map<string, TiHistory>;
  elapsed_ms: number;
}

/** One side of compare mode: a profile's replay, or (for a history) the actual runs or the what-if. */
export interface CompareSide { label: string; profile: Profile; sim: Simulated | null; errors: ScenarioError[] }

/** Watching a `windtunnel serve`: where, how it goes, and what it said last. */
export interface LiveState {
  url: string;
  status: 'connecting' | 'live' | 'reconnecting' | 'stopped';
  /** The last failure, while reconnecting or after a stop. */
  failure: LiveFailure | null;
  /** The server's virtual clock at the last answer. */
  now: string | null;
  polls: number;
}
/**
 * A and B, and (profiles only) further sides C, D…, each compared with A. `result` is A vs B.
 */
export interface CompareState { a: CompareSide; b: CompareSide; result: CompareResult | null; more?: Array<{ side: CompareSide; result: CompareResult | null }> }
/** At most this many profiles side by side. */
export const MAX_COMPARE_SIDES = 4;

/** The profile picker's choices: the engine's own list, oldest first. */
export const PROFILES: readonly Profile[] = CORE_PROFILES;
export const SPEEDS: Array<{ label: string; secondsPerSecond: number }> = [
  { label: '1 min/s', secondsPerSecond: 60 },
  { label: '10 min/s', secondsPerSecond: 600 },
  { label: '1 h/s', secondsPerSecond: 3600 },
  { label: '6 h/s', secondsPerSecond: 21600 },
  { label: '1 day/s', secondsPerSecond: 86400 },
];

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem('windtunnel.theme');
    if (saved === 'light' || saved === 'dark') return saved;
  } catch { /* storage may be unavailable */ }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function simulated(reply: Pick<Extract<RunReply, { ok: true }>, 'output' | 'scenario' | 'elapsed_ms'>): Simulated {
  const layout = layoutTimeline(reply.output, { dagIds: reply.scenario.dag_ids });
  return {
    output: reply.output, summary: reply.scenario, layout,
    steps: buildSteps(reply.output.log), tiHistory: buildTiHistory(reply.output.log), elapsed_ms: reply.elapsed_ms,
  };
}

/** An output's `airflow` as a profile; anything unknown reads as 3.1, as before 3.2 existed. */
const profileOf = (p: string): Profile => ((CORE_PROFILES as readonly string[]).includes(p) ? p as Profile : '3.1');
const defaultFetch: FetchLike = (url, init) => fetch(url, init);

export class AppModel {
  readonly client: WorkerClient;
  readonly desktop: WindtunnelDesktopApi | null;

  theme = $state<Theme>(initialTheme());
  text = $state('');
  file = $state('scenario.yaml');
  docName = $state('untitled');
  docPath = $state<string | null>(null);
  dirty = $state(false);
  recent = $state.raw<RecentEntry[]>([]);
  /** The export chooser (Export… in the toolbar or the File menu) is open. */
  exportOpen = $state(false);
  errors = $state.raw<ScenarioError[]>([]);
  warnings = $state.raw<ScenarioError[]>([]);
  busy = $state(false);
  status = $state('');
  sim = $state.raw<Simulated | null>(null);
  profile = $state<Profile | 'scenario'>('scenario');
  priorRunOrder = $state<PriorRunOrder | 'scenario'>('scenario');

  clock = $state(Infinity);
  /** Decisions done when stepping one at a time (several can share an instant); null: all up to the clock. */
  stepIndex = $state<number | null>(null);
  playing = $state(false);
  speed = $state(3600);

  selection = $state.raw<Selection | null>(null);
  tab = $state<Tab>('runs');
  side = $state<SidePanel>('editor');
  lessons = $state.raw<LessonInfo[]>([]);
  lesson = $state.raw<LessonInfo | null>(null);
  compareOn = $state(false);
  /** The capacity charts under the timeline (renderer/capacity). */
  capacityOn = $state(false);
  /** The profiles compare mode replays, A first (two to MAX_COMPARE_SIDES). */
  compareProfiles = $state<Profile[]>(['2', '3.3']);
  compare = $state.raw<CompareState | null>(null);
  zoom = $state.raw<Zoom>(null);
  gridDag = $state<string | null>(null);
  message = $state('');

  /** What the open document holds: a scenario, or a history shown read-only (a file or a live server). */
  source = $state<Source>('scenario');
  history = $state.raw<HistoryInfo | null>(null);
  /** For a history: the what-if scenario in the editor (not part of the document). */
  whatIfText = $state('');
  whatIfErrors = $state.raw<ScenarioError[]>([]);
  whatIfWarnings = $state.raw<ScenarioError[]>([]);
  /** How the what-if carried the history over, in words. */
  whatIfNotes = $state.raw<string[]>([]);
  live = $state.raw<LiveState | null>(null);
  /** The attach dialog is open. */
  attachOpen = $state(false);

  private runSeq = 0;
  /** Browser: the text last opened or downloaded (dirty = the editor differs from it). */
  private baseline = '';
  /** Counts documents applied from main, so a reply is not applied again after its event. */
  private loadedSeq = 0;
  /** The lesson this page asked main to open as a new document, until main answers. */
  private pendingLesson: LessonInfo | null = null;
  private rerunTimer: ReturnType<typeof setTimeout> | null = null;
  private whatIfTimer: ReturnType<typeof setTimeout> | null = null;
  private whatIfSeq = 0;
  private watcher: LiveWatcher | null = null;
  private readonly fetchFn: FetchLike;
  private raf = 0;
  private lastFrame = 0;

  constructor(client?: WorkerClient, desktopApi: WindtunnelDesktopApi | null = desktop(), fetchFn: FetchLike = defaultFetch) {
    this.client = client ?? startWorker();
    this.desktop = desktopApi;
    this.fetchFn = fetchFn;
  }

  // ---------------------------------------------------------------- scenario and simulation

  /** Replace the scenario text (open, lesson, URL) and simulate it. */
  async load(text: string, file: string, opts: { keepView?: boolean } = {}): Promise<void> {
    if (this.rerunTimer) { clearTimeout(this.rerunTimer); this.rerunTimer = null; }
    this.stopWatching();
    this.live = null;
    this.text = text;
    this.file = file;
    if (!opts.keepView) {
      this.selection = null; this.clock = Infinity; this.stepIndex = null; this.zoom = null; this.playing = false;
      // A new document: its what-if (if it is a history) starts again from the inferred draft.
      this.whatIfText = '';
      this.whatIfNotes = [];
      this.history = null;
    }
    await this.run();
  }

  /** An edit in the editor: simulate again shortly after typing stops. */
  edit(text: string): void {
    this.text = text;
    // Main decides dirtiness from every edit (and tells us); the browser compares with its baseline.
    if (this.desktop) this.desktop.editDocument(text);
    else this.dirty = text !== this.baseline;
    if (this.rerunTimer) clearTimeout(this.rerunTimer);
    this.rerunTimer = setTimeout(() => { this.rerunTimer = null; void this.run(); }, 450);
  }

  async run(): Promise<void> {
    const seq = ++this.runSeq;
    this.busy = true;
    const common = { text: this.text, file: this.file };
    const overrides = {
      ...(this.profile !== 'scenario' ? { profile: this.profile } : {}),
      ...(this.priorRunOrder !== 'scenario' ? { prior_run_order: this.priorRunOrder } : {}),
    };
    try {
      const reply = await this.client.call('run', { session: 'main', ...common, ...overrides });
      if (seq !== this.runSeq) return;
      if (!reply.ok) {
        this.errors = reply.errors;
        this.warnings = [];
        // A history file that does not read is shown as text, its errors at their lines.
        if (reply.stage === 'history') { this.source = 'scenario'; this.history = null; }
        this.status = `${countOf(reply.errors.length, 'error')}: showing the last good run`;
      } else {
        this.errors = [];
        this.warnings = reply.warnings;
        this.show(reply);
        const o = reply.output;
        this.status = reply.source === 'history'
          ? `history (read-only): ${countOf(o.dag_runs.length, 'dag run')}, ${countOf(o.task_instances.length, 'task instance')}, Airflow ${o.airflow}, ${o.clock.start} … ${o.clock.end}`
          : `${countOf(o.dag_runs.length, 'dag run')}, ${countOf(o.task_instances.length, 'task instance')}, ${countOf(o.log.length, 'decision')} — simulated in ${reply.elapsed_ms} ms (Airflow ${o.airflow})`;
        if (reply.history?.what_if) {
          // An {actual, what_if} file: both sides as saved; editing the what-if re-simulates it.
          const a = this.sideOf('actual', this.sim!);
          const b = this.sideOf('what-if', simulated({ ...reply.history.what_if, elapsed_ms: 0 }));
          this.compare = { a, b, result: compareRuns(a.sim!.output.dag_runs, b.sim!.output.dag_runs) };
          this.compareOn = true;
          this.tab = 'compare';
          return;
        }
      }
      if (this.compareOn) await this.runCompare(seq);
    } catch (e) {
      if (seq === this.runSeq) this.status = `engine error: ${errorText(e)}`;
    } finally {
      if (seq === this.runSeq) this.busy = false;
    }
  }

  /** Show a successful reply: the layout, the kind of document, the grid's DAG, the selection. */
  private show(reply: Extract<RunReply, { ok: true }>, keep?: { dag_id: string; run_id: string } | null): void {
    const sim = simulated(reply);
    this.sim = sim;
    this.source = reply.source ?? 'scenario';
    if (reply.source === 'history' && reply.history) {
      // The draft follows the history (a live server's grows) until the user edits it.
      const untouched = !this.whatIfText || this.whatIfText === this.history?.draft;
      this.history = reply.history;
      if (untouched) this.whatIfText = reply.history.draft;
    } else if (reply.source !== 'history') {
      this.history = null;
    }
    if (keep) {
      const i = sim.layout.indexOf.get(`${keep.dag_id}\u0001${keep.run_id}`);
      this.selection = i === undefined ? null : { ...this.selection!, run: i };
    } else if (this.selection && this.selection.run >= sim.layout.n) this.selection = null;
    if (!this.gridDag || !sim.summary.dag_ids.includes(this.gridDag)) this.gridDag = sim.summary.dag_ids[0] ?? null;
  }

  private sideOf(label: string, sim: Simulated | null, errors: ScenarioError[] = []): CompareSide {
    return { label, profile: profileOf(sim?.output.airflow ?? '3.1'), sim, errors };
  }

  async runCompare(seq = this.runSeq): Promise<void> {
    if (this.source === 'history') { await this.runWhatIf(); return; }
    const profiles = this.compareProfiles;
    const base = { text: this.text, file: this.file, ...(this.priorRunOrder !== 'scenario' ? { prior_run_order: this.priorRunOrder } : {}) };
    const session = (i: number) => `compare-${String.fromCharCode(97 + i)}`;
    const replies = await Promise.all(profiles.map((profile, i) => this.client.call('run', { session: session(i), ...base, profile })));
    if (seq !== this.runSeq) return;
    const side = (profile: Profile, r: RunReply): CompareSide => (r.ok ? { label: `Airflow ${profile}`, profile, sim: simulated(r), errors: [] } : { label: `Airflow ${profile}`, profile, sim: null, errors: r.errors });
    const [a, b, ...rest] = profiles.map((p, i) => side(p, replies[i]));
    const vsA = (s: CompareSide) => (a.sim && s.sim ? compareRuns(a.sim.output.dag_runs, s.sim.output.dag_runs) : null);
    this.compare = { a, b, result: vsA(b), more: rest.map((s) => ({ side: s, result: vsA(s) })) };
  }

  /** Set side `i`'s profile (i = length adds a side, up to MAX_COMPARE_SIDES) and replay. */
  setCompareProfile(i: number, p: Profile): void {
    if (i > this.compareProfiles.length || i >= MAX_COMPARE_SIDES) return;
    const next = [...this.compareProfiles];
    next[i] = p;
    this.compareProfiles = next;
    void this.runCompare();
  }

  /** Drop side `i` (never below two sides) and replay. */
  removeCompareProfile(i: number): void {
    if (this.compareProfiles.length <= 2) return;
    this.compareProfiles = this.compareProfiles.filter((_, k) => k !== i);
    void this.runCompare();
  }

  async setCompare(on: boolean): Promise<void> {
    this.compareOn = on;
    if (on) {
      this.tab = 'compare';
      this.busy = true;
      try { await this.runCompare(); } finally { this.busy = false; }
    } else {
      this.compare = null;
      if (this.tab === 'compare') this.tab = 'runs';
    }
  }

  // ---------------------------------------------------------------- histories: what-if and live

  /** Re-simulate the open history from the editor's what-if scenario; both sides in compare mode. */
  async runWhatIf(opts: { quiet?: boolean } = {}): Promise<void> {
    const actual = this.sim;
    if (this.source !== 'history' || !actual) return;
    const seq = ++this.whatIfSeq;
    if (!opts.quiet) this.busy = true;
    let r: WhatIfReply;
    try {
      r = await this.client.call('whatIf', { history: 'main', text: this.whatIfText, file: 'what-if.yaml' });
    } catch (e) {
      if (seq === this.whatIfSeq) { this.busy = false; this.message = `what-if failed: ${errorText(e)}`; }
      return;
    }
    if (seq !== this.whatIfSeq) return;
    this.busy = false;
    const a = this.sideOf('actual', this.sim ?? actual);
    if (!r.ok) {
      this.whatIfErrors = r.errors;
      this.whatIfWarnings = [];
      this.whatIfNotes = [];
      // Keep the last good what-if on screen while the scenario has errors.
      if (!this.compare?.b.sim) this.compare = { a, b: this.sideOf('what-if', null, r.errors), result: null };
      return;
    }
    this.whatIfErrors = [];
    this.whatIfWarnings = r.warnings;
    this.whatIfNotes = r.notes;
    const b = this.sideOf('what-if', simulated(r));
    this.compare = { a, b, result: compareRuns(a.sim!.output.dag_runs, b.sim!.output.dag_runs) };
  }

  /** An edit of the what-if scenario: turn the comparison on and re-simulate when typing stops. */
  editWhatIf(text: string): void {
    this.whatIfText = text;
    if (this.whatIfTimer) clearTimeout(this.whatIfTimer);
    this.whatIfTimer = setTimeout(() => {
      this.whatIfTimer = null;
      if (!this.compareOn) void this.setCompare(true);
      else void this.runWhatIf();
    }, 450);
  }

  resetWhatIf(): void {
    if (!this.history?.draft) return;
    this.editWhatIf(this.history.draft);
  }

  /** The what-if scenario as a file of its own (it is not part of the history document). */
  downloadWhatIf(): void {
    const base = (this.sim?.output.scenario ?? 'history').replace(/[^A-Za-z0-9_.-]/g, '_');
    download(`${base}-what-if.windtunnel.yaml`, this.whatIfText, 'application/yaml');
    this.message = `downloaded ${base}-what-if.windtunnel.yaml`;
  }

  /** Watch a running `windtunnel serve`: its runs appear as they are made (read-only). */
  async attach(urlText: string, token: string): Promise<boolean> {
    let url: string;
    try { url = normalizeServerUrl(urlText); } catch (e) { this.message = errorText(e); return false; }
    if (!token.trim()) { this.message = 'give the token `windtunnel serve` printed (or its WINDTUNNEL_TOKEN)'; return false; }
    if (this.desktop ? false : !this.confirmDiscard()) return false;
    this.stopWatching();
    this.attachOpen = false;
    try { localStorage.setItem('windtunnel.attach.url', url); } catch { /* storage may be unavailable */ }
    this.live = { url, status: 'connecting', failure: null, now: null, polls: 0 };
    this.lesson = null;
    this.side = 'editor';
    this.selection = null; this.clock = Infinity; this.stepIndex = null; this.zoom = null; this.playing = false;
    this.whatIfText = '';
    this.compareOn = false;
    this.compare = null;
    if (this.tab === 'compare') this.tab = 'runs';
    const watcher: LiveWatcher = new LiveWatcher({
      baseUrl: url, token: token.trim(), fetch: this.fetchFn, intervalMs: 1000,
      onState: (output): Promise<void> => this.applyLive(watcher, output),
      onFailure: (failure) => {
        if (this.watcher !== watcher || !this.live) return;
        const stops = failure.kind !== 'unreachable';
        this.live = { ...this.live, status: stops ? 'stopped' : 'reconnecting', failure };
        this.message = failure.message;
        if (stops) this.watcher = null;
      },
    });
    this.watcher = watcher;
    watcher.start();
    return true;
  }

  /** Stop watching; the last state stays on screen as a read-only history. */
  detach(): void {
    if (!this.live) return;
    this.stopWatching();
    this.message = `detached from ${this.live.url}: showing its last state`;
    this.live = { ...this.live, status: 'stopped', failure: null };
  }

  private stopWatching(): void {
    this.watcher?.stop();
    this.watcher = null;
    if (this.live && this.live.status !== 'stopped') this.live = { ...this.live, status: 'stopped' };
  }

  private async applyLive(watcher: LiveWatcher, output: RunOutput): Promise<void> {
    if (this.watcher !== watcher || !this.live) return;
    const first = this.live.polls === 0;
    const sel = this.selection && this.sim ? this.sim.output.dag_runs[this.selection.run] : null;
    const reply = await this.client.call('history', { session: 'main', output });
    if (this.watcher !== watcher || !this.live || !reply.ok) return;
    this.show(reply, sel ? { dag_id: sel.dag_id, run_id: sel.run_id } : null);
    this.docName = `live ${this.live.url.replace(/^https?:\/\//, '')}`;
    this.docPath = null;
    this.dirty = false;
    this.live = { ...this.live, status: 'live', failure: null, now: output.clock.end, polls: this.live.polls + 1 };
    this.status = `live: ${countOf(output.dag_runs.length, 'dag run')}, ${countOf(output.task_instances.length, 'task instance')} — server clock ${output.clock.end}`;
    if (first) this.message = `watching ${this.live.url}`;
    // An open what-if follows the server too (quietly: this happens every second).
    if (this.compareOn) void this.runWhatIf({ quiet: true });
  }

  async setProfile(p: Profile | 'scenario'): Promise<void> { this.profile = p; await this.run(); }
  async setPriorRunOrder(o: PriorRunOrder | 'scenario'): Promise<void> { this.priorRunOrder = o; await this.run(); }

  // ---------------------------------------------------------------- documents, lessons and files
  //
  // In the desktop app main owns the document (its path, its text, whether it is dirty, the
  // Save / Don't Save prompt): everything that replaces the text goes through window.windtunnel,
  // and the text arrives back as a snapshot (the reply and a documentLoaded event; the first one
  // applies). In a browser the page keeps the document itself.

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

  /** The timeline as the window shows it: what SVG and PNG exports draw (here and in main). */
  exportView(): ExportView | undefined {
    const sim = this.sim;
    if (!sim) return undefined;
    const sel = this.selection ? sim.output.dag_runs[this.selection.run] : null;
    return {
      theme: this.theme, dag_ids: [...sim.summary.dag_ids],
      ...(Number.isFinite(this.clock) ? { clock: this.clock } : {}),
      ...(this.zoom ? { domain: [this.zoom[0], this.zoom[1]] as [number, number] } : {}),
      selected: sel ? { dag_id: sel.dag_id, run_id: sel.run_id } : null,
    };
  }

  /** SVG of the current view (zoom window, clock, selection). */
  svg(domain?: readonly [number, number]): string | null {
    const sim = this.sim;
    const view = this.exportView();
    if (!sim || !view) return null;
    return timelineSvg(sim.output, {
      width: 1400, theme: view.theme, dagIds: view.dag_ids, clock: view.clock ?? Infinity,
      ...(domain ? { domain } : {}),
      selected: view.selected,
    });
  }

  /** Export the run shown. Desktop: main asks where and writes the file (the same bytes as
   * `windtunnel export`); browser: a download, the timeline as the view shows it. */
  async exportFormat(format: ExportFormat, scale?: number): Promise<void> {
    this.exportOpen = false;
    const sim = this.sim;
    if (!sim) { this.message = 'nothing to export yet'; return; }
    if (this.desktop) {
      try {
        const view = format === 'svg' || format === 'png' ? this.exportView() : undefined;
        const r = await this.desktop.exportRun({ format, output: sim.output, ...(format === 'png' && scale !== undefined ? { scale } : {}), ...(view ? { view } : {}) });
        this.message = r.ok ? `exported ${r.path}` : r.reason === 'canceled' ? '' : `export failed: ${r.message ?? ''}`;
      } catch (e) {
        this.message = `export failed: ${errorText(e)}`;
      }
      return;
    }
    const name = EXPORT_FORMAT_INFO[format].suggestedName(sim.output.scenario);
    const domain = this.zoom ?? undefined;
    try {
      switch (format) {
        case 'svg': download(name, this.svg(domain) ?? '', 'image/svg+xml'); break;
        case 'png': download(name, await svgToPngBlob(this.svg(domain) ?? '', scale ?? PNG_SCALE_DEFAULT), 'image/png'); break;
        case 'dag_runs_csv': download(name, dagRunsCsv(sim.output), 'text/csv'); break;
        case 'task_instances_csv': download(name, taskInstancesCsv(sim.output), 'text/csv'); break;
        case 'json': download(name, runOutputJson(sim.output), 'application/json'); break;
      }
      this.message = `downloaded ${name}`;
    } catch (e) {
      this.message = `export failed: ${errorText(e)}`;
    }
  }

  /** The capacity figures of the main view's output, computed in the worker; null if it has none. */
  async capacityStats(): Promise<Stats | null> {
    try { return await this.client.call('stats', { session: 'main' }); } catch { return null; }
  }

  // -------- helpers

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
  private confirmDiscard(): boolean {
    if (!this.dirty || typeof confirm !== 'function') return true;
    return confirm(`${this.docName} has unsaved edits. Discard them?`);
  }

  private reportSave(r: SaveResult): void {
    this.message = r.ok ? `saved ${r.path}` : r.reason === 'canceled' ? '' : `save failed: ${r.message ?? ''}`;
  }

  setTheme(t: Theme): void {
    this.theme = t;
    try { localStorage.setItem('windtunnel.theme', t); } catch { /* ignore */ }
  }

  // ---------------------------------------------------------------- selection

  selectRun(i: number | null, task?: string): void {
    this.selection = i === null || i < 0 ? null : { run: i, ...(task ? { task } : {}) };
  }

  selectByRunId(dagId: string | null, runId: string): void {
    const sim = this.sim;
    if (!sim) return;
    let i = dagId ? sim.layout.indexOf.get(`${dagId}\u0001${runId}`) : undefined;
    if (i === undefined) i = sim.output.dag_runs.findIndex((r) => r.run_id === runId);
    if (i !== undefined && i >= 0) this.selectRun(i);
  }

  // ---------------------------------------------------------------- clock and playback

  get clockBounds(): [number, number] {
    const sim = this.sim;
    if (!sim) return [0, 1];
    const first = sim.steps.n ? sim.steps.at[0] : sim.layout.clockStart;
    return [Math.min(sim.layout.clockStart, first) - 1, Math.max(sim.layout.clockEnd, sim.steps.n ? sim.steps.at[sim.steps.n - 1] : -Infinity)];
  }

  /** Decisions done at the current clock. */
  get step(): number {
    const sim = this.sim;
    if (!sim) return 0;
    const k = this.stepIndex;
    if (k !== null && k > 0 && k <= sim.steps.n && sim.steps.at[k - 1] === this.clock) return k;
    return this.clock === Infinity ? sim.steps.n : stepsDone(sim.steps, this.clock);
  }

  setClock(t: number): void {
    const [lo, hi] = this.clockBounds;
    this.stepIndex = null;
    this.clock = t >= hi ? Infinity : Math.max(lo, t);
  }

  /** One decision forward: the narration moves one entry even when several share an instant. */
  stepNext(): void {
    const sim = this.sim;
    if (!sim || this.clock === Infinity) return;
    this.playing = false;
    const k = this.step;
    if (k >= sim.steps.n) { this.stepIndex = null; this.clock = Infinity; return; }
    // From a clock between decisions, the next decision is the first after the clock.
    const next = this.stepIndex === null ? stepsDone(sim.steps, this.clock) + 1 : k + 1;
    const idx = Math.min(sim.steps.n, Math.max(1, next));
    this.clock = sim.steps.at[idx - 1];
    this.stepIndex = idx;
  }

  stepPrev(): void {
    const sim = this.sim;
    if (!sim) return;
    this.playing = false;
    const k = this.step;
    if (k <= 1) { this.stepIndex = null; this.clock = this.clockBounds[0]; return; }
    this.clock = sim.steps.at[k - 2];
    this.stepIndex = k - 1;
  }

  toStart(): void { this.playing = false; this.stepIndex = null; this.clock = this.clockBounds[0]; }
  toEnd(): void { this.playing = false; this.stepIndex = null; this.clock = Infinity; }

  togglePlay(): void {
    if (this.playing) { this.playing = false; return; }
    if (this.clock === Infinity) this.clock = this.clockBounds[0];
    this.playing = true;
    this.lastFrame = 0;
    const tick = (now: number) => {
      if (!this.playing) return;
      if (this.lastFrame) {
        const dt = Math.min(0.25, (now - this.lastFrame) / 1000);
        const next = this.clock + dt * this.speed * 1000;
        const hi = this.clockBounds[1];
        this.stepIndex = null;
        if (next >= hi) { this.clock = Infinity; this.playing = false; return; }
        this.clock = next;
      }
      this.lastFrame = now;
      this.raf = requestAnimationFrame(tick);
    };
    cancelAnimationFrame(this.raf);
    this.raf = requestAnimationFrame(tick);
  }
}
