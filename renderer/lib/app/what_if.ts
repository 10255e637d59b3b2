// A history's what-if: the scenario in the editor re-simulated over the history's start (in the
// worker), shown in compare mode as "actual" against "what-if". It is not part of the document.
import { compareRuns } from '../../../view/compare.js';
import type { WhatIfReply } from '../protocol.js';
import { download } from '../desktop.js';
import { Comparing } from './compare.js';
import { sideOf, simulated } from './simulated.js';
import { errorText } from './types.js';

export abstract class WhatIf extends Comparing {
  private whatIfTimer: ReturnType<typeof setTimeout> | null = null;
  private whatIfSeq = 0;

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
    const a = sideOf('actual', this.sim ?? actual);
    if (!r.ok) {
      this.whatIfErrors = r.errors;
      this.whatIfWarnings = [];
      this.whatIfNotes = [];
      // Keep the last good what-if on screen while the scenario has errors.
      if (!this.compare?.b.sim) this.compare = { a, b: sideOf('what-if', null, r.errors), result: null };
      return;
    }
    this.whatIfErrors = [];
    this.whatIfWarnings = r.warnings;
    this.whatIfNotes = r.notes;
    const b = sideOf('what-if', simulated(r));
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
}
