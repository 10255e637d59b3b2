import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderExport } from '../../node/export_formats.js';
import type { ExportRequest } from '../../electron/common/ipc.js';
import { exportRun, safeFileStem } from '../../electron/main/exports.js';
import type { ExportDeps } from '../../electron/main/exports.js';
import { atomicWriteFile } from '../../electron/node/atomic_write.js';

const output = JSON.parse(readFileSync(join(__dirname, '..', 'export', 'fixtures', 'etl-train.run.json'), 'utf8'));
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'wt-export-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function deps(chosen: string | null, over: Partial<ExportDeps> = {}) {
  const showSave = vi.fn(async () => chosen);
  const showError = vi.fn();
  const d: ExportDeps = { showSave, render: renderExport, write: (p, b) => atomicWriteFile(p, b), showError, ...over };
  return { d, showSave, showError };
}

describe('exportRun (File › Export in the app)', () => {
  it('suggests a name per format, writes the same bytes as the CLI', async () => {
    const { d, showSave } = deps(join(dir, 'out.png'));
    const req: ExportRequest = { format: 'png', scale: 1, output };
    expect(await exportRun(req, d)).toEqual({ ok: true, path: join(dir, 'out.png'), format: 'png' });
    expect(showSave).toHaveBeenCalledWith('fixture-etl-train.timeline.png', { name: 'Timeline (PNG)', extensions: ['png'] });
    expect(readFileSync(join(dir, 'out.png')).equals(Buffer.from(renderExport(output, 'png', { scale: 1 })))).toBe(true);
  });

  it('draws the timeline as the window shows it: its zoom window, theme and selection', async () => {
    const { d } = deps(join(dir, 'view.svg'));
    const runs = output.dag_runs as Array<{ dag_id: string; run_id: string; run_after: string }>;
    const first = Date.parse(runs[0].run_after);
    const view = { theme: 'dark' as const, domain: [first - 3_600_000, first + 3_600_000] as [number, number], selected: { dag_id: runs[0].dag_id, run_id: runs[0].run_id } };
    expect(await exportRun({ format: 'svg', output, view }, d)).toMatchObject({ ok: true });
    const svg = readFileSync(join(dir, 'view.svg'), 'utf8');
    expect(svg).toBe(new TextDecoder().decode(renderExport(output, 'svg', { view })));
    expect(svg).not.toBe(new TextDecoder().decode(renderExport(output, 'svg')));
    expect(svg).not.toBe(new TextDecoder().decode(renderExport(output, 'svg', { view: { ...view, theme: 'light' } })));
  });

  it('adds the extension when the dialog returns none', async () => {
    const { d } = deps(join(dir, 'runs'));
    const r = await exportRun({ format: 'dag_runs_csv', output }, d);
    expect(r).toMatchObject({ ok: true, path: join(dir, 'runs.csv') });
    expect(readFileSync(join(dir, 'runs.csv'), 'utf8').split('\n')[0]).toMatch(/^dag_id,run_id,/);
  });

  it('reports cancel and errors without throwing', async () => {
    expect(await exportRun({ format: 'svg', output }, deps(null).d)).toEqual({ ok: false, reason: 'canceled' });
    const { d, showError } = deps(join(dir, 'missing', 'x.svg'));
    const r = await exportRun({ format: 'svg', output }, d);
    expect(r).toMatchObject({ ok: false, reason: 'error' });
    expect(showError).toHaveBeenCalledWith('Could not export x.svg.', expect.stringMatching(/ENOENT/));
  });

  it('makes a safe file stem from any scenario name', () => {
    expect(safeFileStem('hyperparameter-tuning')).toBe('hyperparameter-tuning');
    expect(safeFileStem('../../etc/passwd')).toBe('_.._etc_passwd'); // no separator, not hidden
    expect(safeFileStem('a b/c')).toBe('a_b_c');
    expect(safeFileStem('')).toBe('windtunnel');
  });
});
