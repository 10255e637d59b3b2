// The renderer in real Debian Chromium (playwright-core): lessons, the runs table against the
// engine's own output, timeline zoom, the clock, the inspector's why-arrows, SQL, compare mode,
// the editor's inline errors, next-runs with DST, themes. Screenshots go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import initSqlJs from 'sql.js';
import { getLesson, parseScenario, simulate, type RunOutput } from '../../core/index.js';
import { buildRenderer, launch, serve, shotsDir, ROOT } from './harness.js';

const OUT = join(ROOT, 'test-results', 'e2e-renderer-dist');
let browser: Browser;
let baseUrl: string;
let close: () => void;
const shots = shotsDir();

const CUSTOM = `windtunnel: 1
name: custom-from-url
clock:
  start: 2025-01-01T00:00:00Z
  end: 2025-01-02T00:00:00Z
dags:
  - dag_id: hourly
    schedule: "@hourly"
    start_date: 2025-01-01
    tasks: [{task_id: work, duration: PT10M}]
events:
  - at: 2025-01-01T05:30:00Z
    trigger: {dag_id: hourly, via: cli}
`;

async function engineOutput(lesson: string): Promise<RunOutput> {
  const l = getLesson(lesson);
  if (!l) throw new Error(`no lesson ${lesson}`);
  const parsed = parseScenario(l.text, `${lesson}.yaml`);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  const SQL = await initSqlJs();
  const sim = simulate(parsed.scenario, { sql: SQL });
  const out = sim.output;
  sim.close();
  return out;
}

async function open(path: string, viewport = { width: 1600, height: 1000 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as unknown as { errors: string[] }).errors = errors;
  // These tests drive the whole explorer: free play, so a lesson's guided steps do not move the
  // clock or the view (test/e2e/guided.test.ts walks the steps).
  await page.addInitScript(() => localStorage.setItem('windtunnel.freePlay', '1'));
  await page.goto(baseUrl + path);
  await page.waitForFunction(() => /dag runs?, \d+ task instances?/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 30_000 });
  return page;
}

async function tableRows(page: Page): Promise<string[][]> {
  return page.$$eval('table[aria-label="DAG runs"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

beforeAll(async () => {
  buildRenderer(OUT);
  const s = await serve(OUT, { '/scenarios/custom.yaml': CUSTOM });
  baseUrl = s.url;
  close = () => s.server.close();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  close?.();
});

describe('renderer in Chromium', () => {
  it('opens a lesson; the runs table matches the engine output', async () => {
    const page = await open('?lesson=hyperparameter-tuning-3x');
    const expected = await engineOutput('hyperparameter-tuning-3x');
    await expect.poll(() => page.textContent('[data-testid="lesson-narrative"] h2')).toContain('Hyperparameter sweep');
    const rows = await tableRows(page);
    expect(rows.length).toBe(expected.dag_runs.length);
    const want = expected.dag_runs.map((r) => [
      r.dag_id, r.run_id, r.run_type, r.triggered_by, r.logical_date === null ? '—' : r.logical_date.replace('T', ' '), r.run_after.replace('T', ' '), r.state, JSON.stringify(r.conf),
    ]);
    // Columns: dag_id, run_id, state, run_type, triggered_by, logical_date, interval, run_after, conf.
    const got = rows.map((c) => [c[0], c[1], c[3].replace(/^\S+\s+/, ''), c[4], c[5], c[7], c[2], c[8]]);
    expect(got).toEqual(want);
    expect(want.some((r) => r[4] === '—')).toBe(true);
    await page.screenshot({ path: join(shots, 'e2e-lesson-hyperparameter-3x.png') });
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('sorts and filters the runs table', async () => {
    const page = await open('?lesson=depends-on-past-adhoc');
    const expected = await engineOutput('depends-on-past-adhoc');
    await page.click('table[aria-label="DAG runs"] th button:has-text("logical_date")');
    let rows = await tableRows(page);
    // Nulls last when ascending.
    expect(rows[rows.length - 1][5]).toBe('—');
    await page.check('fieldset:has(legend:text("run_type")) label:has-text("manual") input');
    rows = await tableRows(page);
    expect(rows.length).toBe(expected.dag_runs.filter((r) => r.run_type === 'manual').length);
    await page.uncheck('fieldset:has(legend:text("run_type")) label:has-text("manual") input');
    await page.check('fieldset:has(legend:text("state")) label:has-text("failed") input');
    rows = await tableRows(page);
    expect(rows.length).toBe(expected.dag_runs.filter((r) => r.state === 'failed').length);
    await page.uncheck('fieldset:has(legend:text("state")) label:has-text("failed") input');
    await page.fill('input[aria-label="run_after from"]', '2025-02-01 03:00');
    rows = await tableRows(page);
    expect(rows.length).toBe(expected.dag_runs.filter((r) => r.run_after >= '2025-02-01T03:00:00Z').length);
    await page.close();
  });

  it('zooms and pans the timeline with keyboard and wheel', async () => {
    const page = await open('?lesson=depends-on-past-adhoc');
    const span = () => page.evaluate(() => {
      const t = (window as unknown as { __windtunnel: { timelines: Record<string, { domain(): [number, number] }> } }).__windtunnel.timelines.main;
      const d = t.domain();
      return d[1] - d[0];
    });
    const full = await span();
    await page.focus('[data-testid="timeline-main"] .scroller');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect.poll(span).toBeLessThan(full / 3);
    const zoomed = await span();
    await page.keyboard.press('ArrowRight');
    await expect.poll(span).toBeCloseTo(zoomed, -3);
    const box = (await page.locator('[data-testid="timeline-main"] canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 60);
    await page.mouse.wheel(0, 400);
    await expect.poll(span).toBeGreaterThan(zoomed);
    await page.keyboard.press('0');
    await expect.poll(span).toBe(full);
    await page.keyboard.press('+');
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(shots, 'e2e-timeline-zoomed.png') });
    await page.close();
  });

  it('steps the clock through decisions with narration', async () => {
    const page = await open('?lesson=depends-on-past-adhoc');
    const expected = await engineOutput('depends-on-past-adhoc');
    const n = expected.log.length;
    await page.click('button[aria-label="Go to start"]');
    await expect.poll(() => page.textContent('[data-testid="narration"]')).toContain(`step 0 of ${n}`);
    expect((await tableRows(page)).length).toBe(0);
    await page.click('button[aria-label="Next decision"]');
    const first = (await page.textContent('[data-testid="narration"]'))!;
    expect(first).toMatch(new RegExp(`^step \\d+ of ${n} at `));
    expect(first).toContain('created');
    expect(first).toContain(' because ');
    await page.locator('body').press('n');
    await page.locator('body').press('n');
    const third = (await page.textContent('[data-testid="narration"]'))!;
    expect(third).not.toBe(first);
    const k = Number(/^step (\d+)/.exec(third)![1]);
    expect(k).toBe(3);
    const at = expected.log[k - 1].at;
    const created = expected.dag_runs.filter((r) => expected.log.some((e) => e.kind === 'dag_run.created' && e.run_id === r.run_id && e.at <= at));
    expect((await tableRows(page)).length).toBe(created.length);
    await page.screenshot({ path: join(shots, 'e2e-clock-stepped.png') });
    await page.click('button[aria-label="Go to end"]');
    await expect.poll(() => page.textContent('[data-testid="narration"]')).toContain(`step ${n} of ${n}`);
    await page.close();
  });

  it('inspects a blocked run: why, consulted run, arrow on the timeline', async () => {
    const page = await open('?lesson=depends-on-past-adhoc');
    const expected = await engineOutput('depends-on-past-adhoc');
    const blocked = expected.log.find((e) => e.ref_run_id && e.kind === 'ti.blocked');
    expect(blocked).toBeTruthy();
    await page.click(`table[aria-label="DAG runs"] button[aria-label="inspect ${blocked!.run_id}"]`);
    const inspector = page.locator('section[aria-label="Inspector"]');
    await expect.poll(() => inspector.textContent()).toContain(blocked!.why);
    await expect.poll(() => inspector.locator(`button.ref:has-text("${blocked!.ref_run_id}")`).count()).toBeGreaterThan(0);
    const fields = await inspector.locator('table[aria-label="dag_run fields"]').textContent();
    for (const f of ['run_type', 'triggered_by', 'logical_date', 'data_interval_start', 'data_interval_end', 'run_after', 'queued_at', 'conf', 'clear_number']) expect(fields).toContain(f);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(shots, 'e2e-inspector-why-arrow.png') });
    // The task instance view.
    await inspector.locator('ul.tis button', { hasText: blocked!.task_id! }).first().click();
    await expect.poll(() => inspector.locator('table[aria-label="task_instance fields"]').textContent()).toContain('try_number');
    await page.close();
  });

  it('shows the undefined-name template error of a run without a logical date', async () => {
    const page = await open('?lesson=ds-undefined');
    const expected = await engineOutput('ds-undefined');
    const ti = expected.task_instances.find((t) => t.error && /undefined/i.test(t.error));
    expect(ti).toBeTruthy();
    const i = expected.dag_runs.findIndex((r) => r.run_id === ti!.run_id);
    await page.click(`table[aria-label="DAG runs"] button[aria-label="inspect ${expected.dag_runs[i].run_id}"]`);
    await page.locator('section[aria-label="Inspector"] ul.tis button', { hasText: ti!.task_id }).first().click();
    await expect.poll(() => page.textContent('section[aria-label="Inspector"] pre.error')).toContain(ti!.error!);
    await page.screenshot({ path: join(shots, 'e2e-inspector-undefined-error.png') });
    // Back to the run: its logical_date is spelled out as null.
    await page.locator('section[aria-label="Inspector"] header button.link').click();
    await expect.poll(() => page.textContent('section[aria-label="Inspector"] table[aria-label="dag_run fields"]')).toMatch(/logical_date\s*None \(null\)/);
    await page.close();
  });

  it('runs SQL against the live metadata DB', async () => {
    const page = await open('?lesson=hyperparameter-tuning-3x');
    const expected = await engineOutput('hyperparameter-tuning-3x');
    await page.click('[role="tab"]:has-text("SQL")');
    await page.click('button:has-text("Run query")');
    await page.waitForSelector('table[aria-label="Query results"] tbody tr');
    const n = await page.locator('table[aria-label="Query results"] tbody tr').count();
    expect(n).toBe(expected.dag_runs.filter((r) => r.logical_date === null).length);
    const header = await page.locator('table[aria-label="Query results"] thead').textContent();
    expect(header).toContain('run_id');
    await page.screenshot({ path: join(shots, 'e2e-sql.png') });
    await page.fill('textarea[aria-label="SQL query"]', 'SELECT nope FROM dag_run');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('.sql [role="alert"]').textContent()).toContain('no such column');
    await page.close();
  });

  it('compares two profiles side by side and lists the runs that differ', async () => {
    const page = await open('?lesson=hyperparameter-tuning-3x');
    await page.check('input[aria-label="Compare mode"]');
    await page.waitForSelector('[data-testid="timeline-compare-a"]');
    await page.waitForSelector('[data-testid="timeline-compare-b"]');
    await expect.poll(() => page.locator('section[aria-label="Compare differences"] .summary').textContent(), { timeout: 30_000 }).toMatch(/Airflow 2 vs 3\.3: \d+ runs differ/);
    const summary = (await page.locator('section[aria-label="Compare differences"] .summary').textContent())!;
    expect(Number(/(\d+) runs differ/.exec(summary)![1])).toBeGreaterThan(0);
    // The rule changes between the profiles, in plain words, and for each differing run the ones that explain it.
    expect(await page.locator('ol[aria-label="Rule changes between the profiles"] li').count()).toBeGreaterThan(3);
    const whys = await page.locator('[data-testid="compare-why"]').allTextContents();
    expect(whys.some((w) => /#\d/.test(w))).toBe(true);
    // A third profile: its own timeline, and its own comparison with A.
    await page.click('button[aria-label="add a profile"]');
    await page.selectOption('select[aria-label="profile C"]', '3.1');
    await page.waitForSelector('[data-testid="timeline-compare-c"]', { timeout: 30_000 });
    await expect.poll(() => page.locator('section[aria-label="Compare differences"] .summary').allTextContents(), { timeout: 30_000 })
      .toEqual([expect.stringMatching(/^Airflow 2 vs 3\.3: /), expect.stringMatching(/^Airflow 2 vs 3\.1: \d+ runs differ/)]);
    expect(await page.locator('ol[aria-label="Rule changes between Airflow 2 and 3.1"] li').count()).toBeGreaterThan(1);
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(shots, 'e2e-compare-three.png') });
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(shots, 'e2e-compare.png') });
    await page.close();
  });

  it('edits the scenario: errors inline at their line, then re-runs when fixed', async () => {
    const page = await open('?scenario=scenarios/custom.yaml');
    await expect.poll(() => page.textContent('.toolbar .scenario')).toBe('custom-from-url');
    const area = page.locator('textarea[aria-label="Scenario YAML"]');
    const text = await area.inputValue();
    await area.fill(text.replace('"@hourly"', '"@hourlyy"'));
    await page.waitForSelector('#editor-errors li.err', { timeout: 20_000 });
    const err = (await page.textContent('#editor-errors li.err'))!;
    const line = text.split('\n').findIndex((l) => l.includes('@hourly')) + 1;
    expect(err).toContain(`:${line}:`);
    await expect.poll(() => page.locator('.gutter .ln.err').textContent()).toBe(String(line));
    await expect.poll(() => page.locator('.backdrop .bl.err .msg').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'e2e-editor-error.png') });
    await area.fill(text.replace('PT10M', 'PT20M'));
    await expect.poll(() => page.locator('#editor-errors li.err').count()).toBe(0);
    await page.close();
  });

  it('opens a scenario file dropped on the page (no desktop shell)', async () => {
    const page = await open('?lesson=depends-on-past-adhoc');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.windtunnel.yaml', { type: 'application/yaml' }));
      return dt;
    }, CUSTOM.replace('custom-from-url', 'dropped-in-browser'));
    await page.dispatchEvent('.timeline-area', 'dragenter', { dataTransfer });
    await page.dispatchEvent('.timeline-area', 'dragover', { dataTransfer });
    await expect.poll(() => page.locator('.drop').isVisible()).toBe(true);
    await page.dispatchEvent('.timeline-area', 'drop', { dataTransfer });
    await expect.poll(() => page.textContent('.toolbar .scenario')).toBe('dropped-in-browser');
    expect(await page.locator('.drop').count()).toBe(0);
    expect(await page.textContent('[data-testid="document-name"]')).toBe('dropped.windtunnel.yaml');
    expect(await page.title()).toBe('dropped.windtunnel.yaml — Windtunnel');
    // An edit marks it unsaved, in the editor and in the title.
    await page.locator('textarea[aria-label="Scenario YAML"]').focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# edit');
    await expect.poll(() => page.title()).toBe('• dropped.windtunnel.yaml — Windtunnel');
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('exports from the chooser as downloads (SVG, PNG, CSV)', async () => {
    const page = await open('?lesson=depends-on-past-adhoc');
    const dialog = page.locator('dialog.export');
    const fetchDownload = async (format: string) => {
      await page.click('.toolbar button:has-text("Export…")');
      await expect.poll(() => dialog.isVisible()).toBe(true);
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.locator(`button[data-format="${format}"]`).click()]);
      await expect.poll(() => dialog.isVisible()).toBe(false);
      return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
    };
    const svg = await fetchDownload('svg');
    expect(svg.name).toBe('depends-on-past-adhoc.timeline.svg');
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg /);
    const png = await fetchDownload('png');
    expect(png.name).toBe('depends-on-past-adhoc.timeline.png');
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const csv = await fetchDownload('dag_runs_csv');
    expect(csv.name).toBe('depends-on-past-adhoc.dag_runs.csv');
    expect(csv.bytes.toString('utf8').split('\n')[0]).toMatch(/^dag_id,run_id,run_type/);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('previews next runs with DST shifts marked', async () => {
    const page = await open('?lesson=catchup-cron-timetables');
    await page.click('[role="tab"]:has-text("Next runs")');
    await page.waitForSelector('table[aria-label="Next runs"] tbody tr');
    const rows = await page.$$eval('table[aria-label="Next runs"] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.length).toBe(10);
    // 30 2 * * * in Berlin: 2025-03-30 02:30 does not exist; Airflow runs it at 03:30 CEST = 01:30Z.
    expect(rows.some((r) => r.includes('2025-03-30 01:30:00Z'))).toBe(true);
    expect(rows.some((r) => r.includes('DST'))).toBe(true);
    await page.screenshot({ path: join(shots, 'e2e-next-runs.png') });
    await page.close();
  });

  it('reads well in dark theme: grid view', async () => {
    const page = await open('?lesson=depends-on-past-adhoc');
    await page.click('button[aria-label="Switch to dark theme"]');
    await page.click('[role="tab"]:has-text("Grid")');
    await page.waitForSelector('section[aria-label="Grid"] svg rect.cell');
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(shots, 'e2e-grid-dark.png') });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.close();
  });

  it('keeps its layout on a narrow window', async () => {
    const page = await open('?lesson=catchup-cron-timetables', { width: 900, height: 900 });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => {
      const center = document.querySelector('.center')!.getBoundingClientRect();
      const tl = document.querySelector('[data-testid="timeline-main"]')!.getBoundingClientRect();
      return tl.right - center.right;
    });
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(shots, 'e2e-resized-1280.png') });
    await page.close();
  });
});
