// Table-driven tests for the renderer's pure view logic: runs table, grid layout, compare,
// playback, formatting, markdown, zones, worker overrides.
import { describe, expect, it } from 'vitest';
import { filterRuns, sortRuns } from '../../view/runs_table.js';
import { layoutGrid, runDuration } from '../../view/grid_layout.js';
import { compareRuns } from '../../view/compare.js';
import { buildSteps, buildTiHistory, describeEntry, narration, nextDecisionTime, prevDecisionTime, stepsDone, tiStateAt } from '../../view/playback.js';
import { fmtDuration, fmtField, fmtInstant, fmtInterval } from '../../view/format.js';
import { renderMarkdown } from '../../view/markdown.js';
import { zonedRows } from '../../view/zones.js';
import { markerKind, stateColor, STATE_PRIORITY, STATE_NAMES } from '../../view/colors.js';
import { withOverrides } from '../../renderer/lib/worker.js';
import type { LogEntryOut, TaskInstanceOut } from '../../core/model/output.js';
import { run, T } from './helpers.js';

const runs = [
  run({ run_id: 'a', run_after: '2025-01-02T00:00:00Z', logical_date: '2025-01-01T00:00:00Z', state: 'success' }),
  run({ run_id: 'b', run_after: '2025-01-02T09:00:00Z', run_type: 'manual', triggered_by: 'cli', state: 'failed' }),
  run({ run_id: 'c', run_after: '2025-01-03T00:00:00Z', logical_date: '2025-01-02T00:00:00Z', state: 'running' }),
  run({ run_id: 'd', dag_id: 'other', run_after: '2025-01-03T00:00:00Z', logical_date: '2025-01-02T00:00:00Z', run_type: 'backfill', triggered_by: 'backfill' }),
];

describe('runs table', () => {
  const filters: Array<[string, Parameters<typeof filterRuns>[1], string[]]> = [
    ['no filter', {}, ['a', 'b', 'c', 'd']],
    ['state failed', { states: new Set(['failed']) }, ['b']],
    ['run_type manual or backfill', { runTypes: new Set(['manual', 'backfill']) }, ['b', 'd']],
    ['run_after from', { runAfterFrom: T('2025-01-02T09:00:00Z') }, ['b', 'c', 'd']],
    ['run_after to', { runAfterTo: T('2025-01-02T09:00:00Z') }, ['a', 'b']],
    ['dag', { dagId: 'other' }, ['d']],
    ['run_id text', { text: 'C' }, ['c']],
  ];
  for (const [name, f, want] of filters) it(`filter: ${name}`, () => expect(filterRuns(runs, f).map((i) => runs[i].run_id)).toEqual(want));
  const sorts: Array<[Parameters<typeof sortRuns>[2], 'asc' | 'desc', string[]]> = [
    ['run_after', 'asc', ['a', 'b', 'c', 'd']],
    ['run_after', 'desc', ['c', 'd', 'b', 'a']],
    ['logical_date', 'asc', ['a', 'c', 'd', 'b']],
    ['logical_date', 'desc', ['c', 'd', 'a', 'b']],
    ['state', 'asc', ['b', 'c', 'a', 'd']],
    ['run_id', 'desc', ['d', 'c', 'b', 'a']],
  ];
  for (const [key, dir, want] of sorts) it(`sort ${key} ${dir} (nulls last)`, () => expect(sortRuns([0, 1, 2, 3], runs, key, dir).map((i) => runs[i].run_id)).toEqual(want));
});

describe('grid layout', () => {
  const r = (k: number, minutes: number) => run({ run_id: `r${k}`, run_after: `2025-01-0${k}T00:00:00Z`, start_date: `2025-01-0${k}T00:00:00Z`, end_date: `2025-01-0${k}T00:${String(minutes).padStart(2, '0')}:00Z` });
  const gridRuns = [r(3, 30), r(1, 10), r(2, 20)];
  const tis: TaskInstanceOut[] = [{ dag_id: 'd', run_id: 'r1', task_id: 'x', map_index: -1, try_number: 1, state: 'success', start_date: null, end_date: null, rendered: {}, error: null }];
  it('orders columns by run_after, newest on the right; bar height by duration', () => {
    const g = layoutGrid(gridRuns, tis, ['x', 'y'], { barAreaH: 64, cellW: 10, cellH: 10 });
    expect(g.columns.map((c) => gridRuns[c.run].run_id)).toEqual(['r1', 'r2', 'r3']);
    expect(g.columns.map((c) => c.x)).toEqual([0, 10, 20]);
    expect(g.columns.map((c) => c.barH)).toEqual([20, 40, 60]);
    expect(g.cells.length).toBe(6);
    expect(g.cells[0].ti?.task_id).toBe('x');
    expect(g.cells[1].ti).toBeNull();
    expect([g.width, g.height]).toEqual([30, 84]);
  });
  const pages: Array<[number, number, string[], number]> = [[2, 0, ['r2', 'r3'], 1], [2, 2, ['r1'], 0], [5, 0, ['r1', 'r2', 'r3'], 0]];
  for (const [max, offset, want, hidden] of pages) {
    it(`maxColumns ${max} offset ${offset}`, () => {
      const g = layoutGrid(gridRuns, [], ['x'], { maxColumns: max, offset });
      expect(g.columns.map((c) => gridRuns[c.run].run_id)).toEqual(want);
      expect(g.hiddenOlder).toBe(hidden);
    });
  }
  const durations: Array<[string, string | null, string | null, number, number | null]> = [
    ['finished', '2025-01-01T00:00:00Z', '2025-01-01T00:10:00Z', Infinity, 600_000],
    ['not started', null, null, Infinity, null],
    ['running, measured to now', '2025-01-01T00:00:00Z', null, T('2025-01-01T00:05:00Z'), 300_000],
    ['finished after now', '2025-01-01T00:00:00Z', '2025-01-01T00:10:00Z', T('2025-01-01T00:04:00Z'), 240_000],
  ];
  for (const [name, s, e, now, want] of durations) it(`runDuration: ${name}`, () => expect(runDuration(run({ run_after: '2025-01-01T00:00:00Z', start_date: s, end_date: e }), now)).toBe(want));
});

describe('compare', () => {
  it('matches by run_id, then by run_after and run_type; reports fields and one-sided runs', () => {
    const a = [runs[0], runs[1], run({ run_id: 'only_a', run_after: '2025-01-05T00:00:00Z' })];
    const b = [{ ...runs[0] }, { ...runs[1], run_id: 'b_renamed', state: 'success' as const }, run({ run_id: 'only_b', run_after: '2025-01-06T00:00:00Z' })];
    const r = compareRuns(a, b);
    expect(r.same).toBe(1);
    expect(r.diffs.map((d) => [d.run_id, d.fields])).toEqual([['b', ['run_id', 'state']], ['only_a', []], ['only_b', []]]);
    expect([...r.differA].sort()).toEqual([1, 2]);
    expect([...r.differB].sort()).toEqual([1, 2]);
  });
});

describe('playback', () => {
  const log: LogEntryOut[] = [
    { at: '2025-01-01T00:00:00Z', kind: 'dag_run.created', dag_id: 'd', run_id: 'scheduled__x', task_id: null, why: 'created scheduled__x: CronTriggerTimetable is due' },
    { at: '2025-01-01T00:00:00Z', kind: 'ti.scheduled', dag_id: 'd', run_id: 'scheduled__x', task_id: 't', why: 'trigger rule all_success met' },
    { at: '2025-01-01T00:05:00Z', kind: 'ti.running', dag_id: 'd', run_id: 'scheduled__x', task_id: 't', why: 'pool slot free' },
    { at: '2025-01-01T00:15:00Z', kind: 'ti.failed', dag_id: 'd', run_id: 'scheduled__x', task_id: 't', why: 'outcome failed' },
  ];
  const steps = buildSteps(log);
  const done: Array<[string, number]> = [['2024-12-31T23:59:00Z', 0], ['2025-01-01T00:00:00Z', 2], ['2025-01-01T00:10:00Z', 3], ['2025-01-02T00:00:00Z', 4]];
  for (const [t, k] of done) it(`stepsDone at ${t} = ${k}`, () => expect(stepsDone(steps, T(t))).toBe(k));
  it('next/prev decision times', () => {
    expect(nextDecisionTime(steps, T('2025-01-01T00:00:00Z'))).toBe(T('2025-01-01T00:05:00Z'));
    expect(nextDecisionTime(steps, T('2025-01-01T00:15:00Z'))).toBeNull();
    expect(prevDecisionTime(steps, T('2025-01-01T00:05:00Z'))).toBe(T('2025-01-01T00:00:00Z'));
    expect(prevDecisionTime(steps, T('2025-01-01T00:00:00Z'))).toBeNull();
  });
  const texts: Array<[number, string]> = [
    [0, 'step 0 of 4: before the first decision (2025-01-01T00:00:00Z)'],
    [1, 'step 1 of 4 at 2025-01-01T00:00:00Z: created scheduled__x because CronTriggerTimetable is due'],
    [3, 'step 3 of 4 at 2025-01-01T00:05:00Z: started d.t in scheduled__x because pool slot free'],
  ];
  for (const [k, want] of texts) it(`narration ${k}`, () => expect(narration(log, k)).toBe(want));
  it('describes unknown kinds verbatim', () => expect(describeEntry({ ...log[0], kind: 'weird.kind', why: 'x' })).toBe('weird.kind scheduled__x because x'));
  const ti: TaskInstanceOut = { dag_id: 'd', run_id: 'scheduled__x', task_id: 't', map_index: -1, try_number: 1, state: 'failed', start_date: '2025-01-01T00:05:00Z', end_date: '2025-01-01T00:15:00Z', rendered: {}, error: null };
  const hist = buildTiHistory(log);
  const tiStates: Array<[string, number, string | null | undefined]> = [
    ['before the run exists', T('2024-12-31T00:00:00Z'), undefined],
    ['scheduled', T('2025-01-01T00:01:00Z'), 'scheduled'],
    ['running', T('2025-01-01T00:05:00Z'), 'running'],
    ['failed', T('2025-01-01T00:20:00Z'), 'failed'],
    ['end', Infinity, 'failed'],
  ];
  for (const [name, t, want] of tiStates) it(`TI state: ${name}`, () => expect(tiStateAt(ti, hist, t, T('2025-01-01T00:00:00Z'))).toBe(want));
});

describe('formatting', () => {
  const cases: Array<[string, string]> = [
    [fmtInstant(null), '—'], [fmtInstant('2025-01-01T00:00:00Z'), '2025-01-01 00:00:00Z'], [fmtInstant('2025-01-01T00:00:00.5Z'), '2025-01-01 00:00:00.5Z'],
    [fmtInterval(null, null), '—'], [fmtInterval('2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), '2025-01-01 00:00:00Z (zero-length)'],
    [fmtDuration(45_000), '45s'], [fmtDuration(750_000), '12m 30s'], [fmtDuration(3 * 3600_000 + 5 * 60_000), '3h 05m'], [fmtDuration(null), '—'],
    [fmtField(null), 'None (null)'], [fmtField(''), '"" (empty string)'], [fmtField({ a: 1 }), '{"a":1}'], [fmtField(0), '0'],
  ];
  cases.forEach(([got, want], i) => it(`case ${i}: ${want}`, () => expect(got).toBe(want)));
  it('state colours: Airflow 3 hues, unknown → none', () => {
    expect(stateColor('success')).toBe('#16a34a');
    expect(stateColor(null)).toBe(stateColor('none'));
    expect(stateColor('bogus', 'dark')).toBe(stateColor('none', 'dark'));
    expect(new Set(STATE_PRIORITY).size).toBe(STATE_NAMES.length);
  });
  const markers: Array<[string, string, string]> = [['scheduled', 'timetable', 'scheduled'], ['manual', 'cli', 'manual'], ['manual', 'operator', 'operator'], ['asset_triggered', 'asset', 'asset_triggered'], ['backfill', 'backfill', 'backfill']];
  for (const [rt, tb, want] of markers) it(`marker ${rt}/${tb}`, () => expect(markerKind({ run_type: rt, triggered_by: tb })).toBe(want));
});

describe('markdown', () => {
  const cases: Array<[string, string]> = [
    ['# Title', '<h2>Title</h2>'],
    ['a **b** `c<d>` *e*', '<p>a <strong>b</strong> <code>c&lt;d&gt;</code> <em>e</em></p>'],
    ['- one\n- two', '<ul><li>one</li><li>two</li></ul>'],
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['[x](javascript:alert(1))', '<p>[x](javascript:alert(1))</p>'],
    ['[docs](https://airflow.apache.org)', '<p><a href="https://airflow.apache.org" target="_blank" rel="noopener noreferrer">docs</a></p>'],
    ['```yaml\na: 1\n```', '<pre><code class="language-yaml">a: 1</code></pre>'],
  ];
  for (const [md, html] of cases) it(JSON.stringify(md), () => expect(renderMarkdown(md)).toBe(html));
});

describe('zones', () => {
  it('marks the DST shift in Berlin', () => {
    const rows = zonedRows([T('2025-03-29T01:30:00Z'), T('2025-03-30T01:30:00Z'), T('2025-03-31T00:30:00Z')], 'Europe/Berlin');
    expect(rows.map((r) => [r.local, r.offset, r.dstShift])).toEqual([
      ['2025-03-29 02:30:00', '+01:00', false], ['2025-03-30 03:30:00', '+02:00', true], ['2025-03-31 02:30:00', '+02:00', false],
    ]);
  });
});

describe('worker overrides', () => {
  const text = 'windtunnel: 1\nname: x\nclock: {start: 2025-01-01, end: 2025-01-02}\ndags: []\n';
  it('leaves the text alone without overrides', () => expect(withOverrides(text, {})).toBe(text));
  it('sets airflow and rules.prior_run_order, keeping earlier lines', () => {
    const out = withOverrides(text, { profile: '2', prior_run_order: 'run_after' });
    expect(out.split('\n').slice(0, 2)).toEqual(['windtunnel: 1', 'name: x']);
    expect(out).toMatch(/airflow: "?2"?/);
    expect(out).toMatch(/prior_run_order: run_after/);
  });
  it('replaces an existing airflow key', () => {
    const out = withOverrides(`${text}airflow: "3.1"\n`, { profile: '3.0' });
    expect(out).toMatch(/airflow: "3.0"/);
    expect(out).not.toContain('3.1');
  });
});

describe('state badge CSS', () => {
  it('gives every state its timeline colour in both themes (no copy to drift)', async () => {
    const { stateBadgeCss } = await import('../../view/state_css.js');
    const rules = stateBadgeCss().split('\n');
    for (const theme of ['light', 'dark'] as const) {
      const scope = theme === 'light' ? '' : ":root[data-theme='dark'] ";
      for (const s of STATE_NAMES) {
        const sel = s === 'none' ? `${scope}.st-none, ${scope}.st-null` : `${scope}.st-${s}`;
        expect(rules, `${theme} ${s}`).toContain(`${sel} { background: ${stateColor(s === 'none' ? null : s, theme)}; }`);
      }
    }
  });
});
