// The selected run (an index into the layout's rows) and, optionally, one of its tasks.
import { Playback } from './playback.js';

export class Selecting extends Playback {
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

  /** Back to the whole run: no selection, the clock at the end, no zoom, not playing. */
  protected resetView(): void {
    this.selection = null; this.clock = Infinity; this.stepIndex = null; this.zoom = null; this.playing = false;
  }
}
