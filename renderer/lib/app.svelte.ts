// The app's state in one place: the scenario text, the engine's last answer, derived layout, the
// virtual clock, the selection and the views' settings. Components read it and call its methods;
// only this file talks to the worker.
import type { Profile, PriorRunOrder, RunOutput, ScenarioError } from '../../core/index.js';
import type { Theme } from '../presentation/colors.js';
import { layoutTimeline, type TimelineLayout } from '../presentation/timeline_layout.js';
import { buildSteps, buildTiHistory, stepsDone, type Steps, type TiHistory } from '../presentation/playback.js';
import { compareRuns, type CompareResult } from '../presentation/compare.js';
import { startWorker, type WorkerClient } from './client.js';
import type { LessonInfo, RunReply, ScenarioSummary } from './protocol.js';
import { desktop, download, pickTextFile, type DesktopApi } from './desktop.js';
import { timelineSvg } from '../presentation/timeline_svg.js';

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

export interface CompareSide { profile: Profile; sim: Simulated | null; errors: ScenarioError[] }
export interface CompareState { a: CompareSide; b: CompareSide; result: CompareResult | null }

export const PROFILES: Profile[] = ['2', '3.0', '3.1'];
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

export function simulated(reply: Extract<RunReply, { ok: true }>): Simulated {
  const layout = layoutTimeline(reply.output, { dagIds: reply.scenario.dag_ids });
  return {
    output: reply.output, summary: reply.scenario, layout,
    steps: buildSteps(reply.output.log), tiHistory: buildTiHistory(reply.output.log), elapsed_ms: reply.elapsed_ms,
  };
}

export class AppModel {
  readonly client: WorkerClient;
  readonly desktop: DesktopApi | null;

  theme = $state<Theme>(initialTheme());
  text = $state('');
  file = $state('scenario.yaml');
  docName = $state('untitled');
  dirty = $state(false);
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
  compareProfiles = $state<[Profile, Profile]>(['2', '3.1']);
  compare = $state.raw<CompareState | null>(null);
  zoom = $state.raw<Zoom>(null);
  gridDag = $state<string | null>(null);
  message = $state('');

  private runSeq = 0;
  private rerunTimer: ReturnType<typeof setTimeout> | null = null;
  private raf = 0;
  private lastFrame = 0;

  constructor(client?: WorkerClient) {
    this.client = client ?? startWorker();
    this.desktop = desktop();
  }

  // ---------------------------------------------------------------- scenario and simulation

  /** Replace the scenario text (open, lesson, URL) and simulate it. */
  async load(text: string, file: string, opts: { keepView?: boolean } = {}): Promise<void> {
    this.text = text;
    this.file = file;
    if (!opts.keepView) { this.selection = null; this.clock = Infinity; this.stepIndex = null; this.zoom = null; this.playing = false; }
    await this.run();
  }

  /** An edit in the editor: simulate again shortly after typing stops. */
  edit(text: string): void {
    this.text = text;
    this.dirty = true;
    this.desktop?.editDocument(text);
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
        this.status = `${reply.errors.length} error${reply.errors.length === 1 ? '' : 's'}: showing the last good run`;
      } else {
        this.errors = [];
        this.warnings = reply.warnings;
        const sim = simulated(reply);
        this.sim = sim;
        if (this.selection && this.selection.run >= sim.layout.n) this.selection = null;
        if (!this.gridDag || !sim.summary.dag_ids.includes(this.gridDag)) this.gridDag = sim.summary.dag_ids[0] ?? null;
        this.status = `${reply.output.dag_runs.length} dag runs, ${reply.output.task_instances.length} task instances, ${reply.output.log.length} decisions — simulated in ${reply.elapsed_ms} ms (Airflow ${reply.output.airflow})`;
      }
      if (this.compareOn) await this.runCompare(seq);
    } catch (e) {
      if (seq === this.runSeq) this.status = `engine error: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      if (seq === this.runSeq) this.busy = false;
    }
  }

  async runCompare(seq = this.runSeq): Promise<void> {
    const [pa, pb] = this.compareProfiles;
    const base = { text: this.text, file: this.file, ...(this.priorRunOrder !== 'scenario' ? { prior_run_order: this.priorRunOrder } : {}) };
    const [ra, rb] = await Promise.all([
      this.client.call('run', { session: 'compare-a', ...base, profile: pa }),
      this.client.call('run', { session: 'compare-b', ...base, profile: pb }),
    ]);
    if (seq !== this.runSeq) return;
    const side = (profile: Profile, r: RunReply): CompareSide => (r.ok ? { profile, sim: simulated(r), errors: [] } : { profile, sim: null, errors: r.errors });
    const a = side(pa, ra);
    const b = side(pb, rb);
    const result = a.sim && b.sim ? compareRuns(a.sim.output.dag_runs, b.sim.output.dag_runs) : null;
    this.compare = { a, b, result };
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

  async setProfile(p: Profile | 'scenario'): Promise<void> { this.profile = p; await this.run(); }
  async setPriorRunOrder(o: PriorRunOrder | 'scenario'): Promise<void> { this.priorRunOrder = o; await this.run(); }

  // ---------------------------------------------------------------- lessons and files

  async loadLessons(): Promise<void> {
    this.lessons = await this.client.call('lessons');
    this.desktop?.setLessons(this.lessons.map((l) => ({ id: l.name, title: l.title })));
  }

  async openLesson(name: string): Promise<boolean> {
    if (!this.lessons.length) await this.loadLessons();
    const lesson = this.lessons.find((l) => l.name === name);
    if (!lesson) { this.message = `no lesson named "${name}"`; return false; }
    this.lesson = lesson;
    this.side = 'lesson';
    this.profile = 'scenario';
    this.priorRunOrder = 'scenario';
    this.docName = `${lesson.name}.yaml`;
    this.dirty = false;
    await this.load(lesson.text, `${lesson.name}.yaml`);
    return true;
  }

  async openFile(): Promise<void> {
    if (this.desktop) {
      const doc = await this.desktop.openDocument();
      if (doc) await this.fromDesktop(doc);
      return;
    }
    const f = await pickTextFile();
    if (!f) return;
    this.lesson = null;
    this.docName = f.name;
    this.dirty = false;
    this.side = 'editor';
    await this.load(f.text, f.name);
  }

  async fromDesktop(doc: { text: string; name: string; path: string | null; dirty: boolean; reason: string }): Promise<void> {
    this.docName = doc.name;
    this.dirty = doc.dirty;
    if (doc.reason !== 'reload') this.lesson = null;
    await this.load(doc.text, doc.path ?? doc.name, { keepView: doc.reason === 'reload' });
  }

  async save(): Promise<void> {
    if (this.desktop) {
      const r = await this.desktop.saveDocument();
      this.message = r.ok ? `saved ${r.path}` : r.reason === 'canceled' ? '' : `save failed: ${r.message ?? ''}`;
      if (r.ok) this.dirty = false;
      return;
    }
    const name = /\.(ya?ml|json)$/.test(this.docName) ? this.docName : `${this.docName}.yaml`;
    download(name, this.text, 'application/yaml');
    this.dirty = false;
    this.message = `downloaded ${name}`;
  }

  /** SVG of the current view (zoom window, clock, selection). */
  svg(domain?: readonly [number, number]): string | null {
    const sim = this.sim;
    if (!sim) return null;
    const sel = this.selection ? sim.output.dag_runs[this.selection.run] : null;
    return timelineSvg(sim.output, {
      width: 1400, theme: this.theme, dagIds: sim.summary.dag_ids, clock: this.clock,
      ...(domain ? { domain } : {}),
      selected: sel ? { dag_id: sel.dag_id, run_id: sel.run_id } : null,
    });
  }

  async exportSvg(domain?: readonly [number, number]): Promise<void> {
    const sim = this.sim;
    if (!sim) return;
    if (this.desktop) {
      const r = await this.desktop.exportRun({ format: 'svg', output: sim.output });
      this.message = r.ok ? `exported ${r.path}` : r.reason === 'canceled' ? '' : `export failed: ${r.message ?? ''}`;
      return;
    }
    download(`${sim.output.scenario}.timeline.svg`, this.svg(domain) ?? '', 'image/svg+xml');
  }

  async exportFormat(format: 'json' | 'dag_runs_csv' | 'task_instances_csv' | 'png' | 'svg', scale?: number): Promise<void> {
    const sim = this.sim;
    if (!sim) return;
    if (this.desktop) {
      const r = await this.desktop.exportRun({ format, output: sim.output, ...(scale ? { scale } : {}) });
      this.message = r.ok ? `exported ${r.path}` : r.reason === 'canceled' ? '' : `export failed: ${r.message ?? ''}`;
    } else if (format === 'json') {
      download(`${sim.output.scenario}.run.json`, JSON.stringify(sim.output, null, 2), 'application/json');
    } else if (format === 'svg') {
      await this.exportSvg();
    }
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
