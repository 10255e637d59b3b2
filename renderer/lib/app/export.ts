// Exporting the run shown: the timeline as the window shows it (zoom, clock, selection) as SVG or
// PNG, the runs and task instances as CSV, the whole output as JSON. Desktop: main asks where and
// writes the file (the same bytes as `windtunnel export`); browser: a download.
import { EXPORT_FORMAT_INFO, PNG_SCALE_DEFAULT, dagRunsCsv, runOutputJson, taskInstancesCsv, type ExportFormat } from '../../../core/index.js';
import { timelineSvg } from '../../../view/timeline_svg.js';
import type { ExportView } from '../../../electron/common/ipc.js';
import { download, svgToPngBlob } from '../desktop.js';
import { Documents } from './documents.js';
import { errorText } from './types.js';

export class Exporting extends Documents {
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
}
