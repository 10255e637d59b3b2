import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderExport } from '../../node/export_formats.js';
import { looksLikeHistory } from '../../core/index.js';
import { dagRunsCsv, taskInstancesCsv } from '../../core/export/csv.js';
import { EXPORT_FORMATS, EXPORT_FORMAT_INFO } from '../../core/export/formats.js';
import { runOutputJson } from '../../core/export/json.js';
import type { RunOutput } from '../../core/model/output.js';
import { timelineSvg } from '../../view/timeline_svg.js';
import { FIXTURE_DIR, expectGolden } from './golden.js';

const load = (name: string): RunOutput => JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8'));
const output = load('etl-train.run.json');
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('renderExport', () => {
  it('writes each format with the shared builders', () => {
    expect(text(renderExport(output, 'svg'))).toBe(timelineSvg(output));
    expect(text(renderExport(output, 'dag_runs_csv'))).toBe(dagRunsCsv(output));
    expect(text(renderExport(output, 'task_instances_csv'))).toBe(taskInstancesCsv(output));
    expect(text(renderExport(output, 'json'))).toBe(runOutputJson(output));
    const png = renderExport(output, 'png', { scale: 1 });
    expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  it('is byte-stable for every format', () => {
    for (const format of EXPORT_FORMATS) {
      const a = Buffer.from(renderExport(output, format, { scale: 1 }));
      const b = Buffer.from(renderExport(structuredClone(output), format, { scale: 1 }));
      expect(a.equals(b), format).toBe(true);
    }
  });

  it('matches the timeline goldens (SVG, PNG at 1× and 2×)', () => {
    expectGolden('etl-train.timeline.svg', renderExport(output, 'svg'));
    expectGolden('etl-train.timeline@1x.png', renderExport(output, 'png', { scale: 1 }));
    expectGolden('etl-train.timeline@2x.png', renderExport(output, 'png', { scale: 2 }));
  });

  it('exports an empty run', () => {
    const empty = load('empty.run.json');
    for (const format of EXPORT_FORMATS) expect(renderExport(empty, format, { scale: 1 }).byteLength).toBeGreaterThan(0);
  });

  it('suggests a file name with the right extension per format', () => {
    for (const format of EXPORT_FORMATS) {
      const info = EXPORT_FORMAT_INFO[format];
      expect(info.suggestedName('demo').endsWith(`.${info.extension}`)).toBe(true);
    }
  });
});

describe('looksLikeHistory', () => {
  it('tells a run output from a scenario', () => {
    expect(looksLikeHistory(output)).toBe(true);
    expect(looksLikeHistory({ windtunnel: 1, name: 'x', clock: {}, dags: [], events: [] })).toBe(false);
    expect(looksLikeHistory([])).toBe(false);
    expect(looksLikeHistory(null)).toBe(false);
  });
});
