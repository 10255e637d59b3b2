// Filtering the timeline's bands by DAG id and final state (view/timeline_filter.ts): kept bands
// are re-stacked from the top, run indices stay the output's, hidden runs have no row, and what is
// drawn and hit is exactly the kept runs.
import { describe, expect, it } from 'vitest';
import { fitScale, hitTest, layoutTimeline, paddedDomain, toPx, ROW_GEOMETRY } from '../../view/timeline_layout.js';
import { filterLayout, NO_FILTER } from '../../view/timeline_filter.js';
import { syntheticOutput } from '../../view/synthetic.js';

const out = syntheticOutput(600, { dags: 6 });
const full = layoutTimeline(out);

describe('timeline filter', () => {
  it('no filter is the layout itself', () => {
    expect(filterLayout(full, NO_FILTER)).toBe(full);
  });

  it('by DAG id: only matching bands, stacked from the top, every other run hidden', () => {
    const f = filterLayout(full, { dag: 'dag_03 DAG_05', states: [] });
    expect(f.bands.map((b) => b.dag_id)).toEqual(['dag_03', 'dag_05']);
    expect(f.bands[0].y).toBe(0);
    const src3 = full.bands.find((b) => b.dag_id === 'dag_03')!;
    const src5 = full.bands.find((b) => b.dag_id === 'dag_05')!;
    expect(f.bands[1].y).toBe(src3.height + (full.bands[1].y - full.bands[0].height));
    expect(f.height).toBe(f.bands[1].y + src5.height);
    expect(f.n).toBe(full.n);
    for (let i = 0; i < full.n; i++) {
      const keep = out.dag_runs[i].dag_id === 'dag_03' || out.dag_runs[i].dag_id === 'dag_05';
      expect(f.row[i] >= 0, `${i}`).toBe(keep);
      if (keep) {
        // Same place inside its band as before.
        const b = f.bands[f.band[i]];
        const src = full.bands[full.band[i]];
        expect(f.rowY[f.row[i]] - b.y).toBe(full.rowY[full.row[i]] - src.y);
      }
    }
    const rows = f.rowOrder.reduce((a, r) => a + r.length, 0);
    expect(rows).toBe(out.dag_runs.filter((r) => r.dag_id === 'dag_03' || r.dag_id === 'dag_05').length);
  });

  it('a run of a kept band is hit at its new place', () => {
    const f = filterLayout(full, { dag: 'dag_05', states: [] });
    const i = out.dag_runs.findIndex((r) => r.dag_id === 'dag_05' && r.run_type === 'scheduled');
    const s = fitScale(paddedDomain(full), 0, 20_000);
    const x = toPx(s, f.start[i]) + 1;
    const y = f.rowY[f.row[i]] + ROW_GEOMETRY.intervalY + 2;
    expect(hitTest(f, s, x, y)).toBe(i);
    // In the full layout that point is another band's.
    expect(hitTest(full, s, x, y)).not.toBe(i);
  });

  it('by state: only runs that ended so, bands without any are left out', () => {
    const f = filterLayout(full, { dag: '', states: ['failed'] });
    const failed = out.dag_runs.map((r, i) => [r, i] as const).filter(([r]) => r.state === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(f.bands.map((b) => b.dag_id))).toEqual(new Set(failed.map(([r]) => r.dag_id)));
    for (let i = 0; i < full.n; i++) expect(f.row[i] >= 0).toBe(out.dag_runs[i].state === 'failed');
    expect(filterLayout(full, { dag: 'nothing-matches', states: [] }).bands).toEqual([]);
  });
});
