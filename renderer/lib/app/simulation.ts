// The main simulation session with the worker: load or edit the scenario text, run it (with the
// profile and prior-run-order overrides), and show the reply; a newer run makes an older reply moot.
import type { Profile, PriorRunOrder, Stats } from '../../../core/index.js';
import { compareRuns } from '../../../view/compare.js';
import { countOf } from '../../../view/format.js';
import type { RunReply } from '../protocol.js';
import { sideOf, simulated } from './simulated.js';
import { Selecting } from './selection.js';
import { errorText } from './types.js';

export abstract class Simulation extends Selecting {
  protected runSeq = 0;
  private rerunTimer: ReturnType<typeof setTimeout> | null = null;

  /** Compare mode replays the scenario too (compare.ts). */
  abstract runCompare(seq?: number): Promise<void>;
  /** A new document stops watching a live server (live.ts). */
  protected abstract stopWatching(): void;

  /** Replace the scenario text (open, lesson, URL) and simulate it. */
  async load(text: string, file: string, opts: { keepView?: boolean } = {}): Promise<void> {
    if (this.rerunTimer) { clearTimeout(this.rerunTimer); this.rerunTimer = null; }
    this.stopWatching();
    this.live = null;
    this.text = text;
    this.file = file;
    if (!opts.keepView) {
      this.resetView();
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
          const a = sideOf('actual', this.sim!);
          const b = sideOf('what-if', simulated({ ...reply.history.what_if, elapsed_ms: 0 }));
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
  protected show(reply: Extract<RunReply, { ok: true }>, keep?: { dag_id: string; run_id: string } | null): void {
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

  async setProfile(p: Profile | 'scenario'): Promise<void> { this.profile = p; await this.run(); }
  async setPriorRunOrder(o: PriorRunOrder | 'scenario'): Promise<void> { this.priorRunOrder = o; await this.run(); }

  /** The capacity figures of the main view's output, computed in the worker; null if it has none. */
  async capacityStats(): Promise<Stats | null> {
    try { return await this.client.call('stats', { session: 'main' }); } catch { return null; }
  }
}
