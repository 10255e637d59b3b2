// Watching a running `windtunnel serve`: poll its state (live_client.ts), show each answer as a
// read-only history keeping the selected run, and stop on a failure that retrying cannot mend.
import type { RunOutput } from '../../../core/index.js';
import { countOf } from '../../../view/format.js';
import { LiveWatcher, normalizeServerUrl } from '../live_client.js';
import { WhatIf } from './what_if.js';
import { errorText } from './types.js';

export abstract class Live extends WhatIf {
  private watcher: LiveWatcher | null = null;

  /** Browser only: may the unsaved edits go (documents.ts)? */
  protected abstract confirmDiscard(): boolean;

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
    this.resetView();
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

  protected stopWatching(): void {
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
}
