// Compare mode for a scenario: replay it under two to MAX_COMPARE_SIDES profiles, each in its own
// worker session, and compare every side's runs with side A. A history compares its actual runs
// with the what-if instead (what_if.ts).
import type { Profile } from '../../../core/index.js';
import { compareRuns } from '../../../view/compare.js';
import type { RunReply } from '../protocol.js';
import { simulated } from './simulated.js';
import { Simulation } from './simulation.js';
import { MAX_COMPARE_SIDES, type CompareSide } from './types.js';

export abstract class Comparing extends Simulation {
  /** Re-simulate the open history's what-if (what_if.ts). */
  abstract runWhatIf(opts?: { quiet?: boolean }): Promise<void>;

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
}
