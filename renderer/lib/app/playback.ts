// The virtual clock the views share: its bounds, the decisions done at it, stepping one decision
// at a time (several can share an instant), and playing it forward at a chosen speed.
import { stepsDone } from '../../../view/playback.js';
import { AppState } from './state.svelte.js';

export class Playback extends AppState {
  private raf = 0;
  private lastFrame = 0;

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
