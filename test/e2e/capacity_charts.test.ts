// The capacity charts under the timeline, in Debian Chromium: a scenario whose figures are known
// (one slot in pool `one`, two 30-minute tasks at 00:00: one waits 30 minutes) shows the right
// series with the right values; the charts and the timeline zoom together both ways; a click sets
// the clock. Screenshots at 1280×720 and 1440×900 in both themes go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildRenderer, launch, serve, shotsDir, waitForSimulation, ROOT } from './harness.js';

const OUT = join(ROOT, 'test-results', 'e2e-capacity-dist');
/** The stats tests' hand-checked world: known slots, queue and delays to assert on. */
const SCENARIO = readFileSync(join(ROOT, 'test', 'stats', 'fixtures', 'two-wait.yaml'), 'utf8');
let browser: Browser;
let baseUrl: string;
let close: () => void;
const shots = shotsDir();

async function open(viewport = { width: 1280, height: 720 }, theme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as unknown as { errors: string[] }).errors = errors;
  await page.addInitScript((t) => { localStorage.setItem('windtunnel.freePlay', '1'); localStorage.setItem('windtunnel.theme', t); }, theme);
  await page.goto(baseUrl + '?scenario=scenarios/capacity.yaml');
  await waitForSimulation(page, 60_000);
  await page.click('input[aria-label="Capacity charts"]');
  await page.waitForSelector('[data-testid="capacity-charts"] [data-chart="delay"] path[data-series="task_max"]', { timeout: 30_000 });
  return page;
}

const series = (page: Page, chart: string) => page.$$eval(`[data-chart="${chart}"] path.line`, (ps) => ps.map((p) => p.getAttribute('data-series')));
const pathOf = (page: Page, chart: string, key: string) => page.getAttribute(`[data-chart="${chart}"] path[data-series="${key}"]`, 'd');
const readout = (page: Page, chart: string) => page.textContent(`[data-chart="${chart}"] .label`);
const timelineDomain = (page: Page) => page.evaluate(() => (globalThis as unknown as { __windtunnel: { timelines: Record<string, { domain(): [number, number] }> } }).__windtunnel.timelines.main.domain());

beforeAll(async () => {
  buildRenderer(OUT);
  const s = await serve(OUT, { '/scenarios/capacity.yaml': SCENARIO });
  baseUrl = s.url;
  close = () => s.server.close();
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  close?.();
});

describe('capacity charts', () => {
  it('show the series of the known scenario with their values', async () => {
    const page = await open();
    expect(await series(page, 'slots')).toEqual(['running', 'parallelism', 'pool:default_pool', 'pool_slots:default_pool', 'pool:one', 'pool_slots:one']);
    expect(await series(page, 'queued_tis')).toEqual(['queued_tis']);
    expect(await series(page, 'runs')).toEqual(['running_runs', 'queued_runs']);
    expect(await series(page, 'delay')).toEqual(['task_p50', 'task_p90', 'task_max', 'run_p90']);
    // The readout at the clock: move it to 00:10 (a click at that x), where one task runs and one waits.
    await page.evaluate(() => (globalThis as unknown as { __windtunnel: { timelines: Record<string, { zoomTo(a: number, b: number): void }> } }).__windtunnel.timelines.main.zoomTo(Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-01-01T01:00:00Z')));
    const box = (await page.locator('[data-chart="queued_tis"] svg').boundingBox())!;
    await page.mouse.click(box.x + box.width / 6, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 6, box.y - 200);
    await expect.poll(() => readout(page, 'queued_tis')).toMatch(/queued task instances 1(?!\d)/);
    expect(await readout(page, 'slots')).toMatch(/one slots used 1(?!\d)/);
    expect(await readout(page, 'runs')).toMatch(/running runs 2(?!\d)/);
    // No wait ended at 00:10; the second task's 30-minute wait, ended at 00:30, is the delay chart's top.
    expect(await readout(page, 'delay')).toMatch(/task max —/);
    expect(await page.textContent('[data-chart="delay"] text.ymax')).toBe('1,800s');
    expect(await page.textContent('[data-chart="queued_tis"] text.ymax')).toBe('1');
    expect(await page.locator('[data-chart="slots"] line.clock').count()).toBe(1);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('zoom in sync: keys on the charts move the timeline, the wheel on the timeline moves the charts', async () => {
    const page = await open();
    const before = await timelineDomain(page);
    const pathBefore = await pathOf(page, 'slots', 'running');
    await page.focus('[data-testid="capacity-charts"]');
    await page.keyboard.press('+');
    await expect.poll(async () => { const d = await timelineDomain(page); return d[1] - d[0]; }).toBeLessThan((before[1] - before[0]) * 0.6);
    await expect.poll(() => pathOf(page, 'slots', 'running')).not.toBe(pathBefore);
    await page.keyboard.press('0');
    await expect.poll(() => timelineDomain(page)).toEqual(before);
    // Wheel over the timeline: the charts follow.
    const tl = (await page.locator('.timeline-area canvas.plot').boundingBox())!;
    await page.mouse.move(tl.x + tl.width / 2, tl.y + 40);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => pathOf(page, 'slots', 'running')).not.toBe(pathBefore);
    const d = await timelineDomain(page);
    // The running line's first edge sits where the timeline puts its instant.
    const x0 = await page.evaluate(([a, b]) => {
      const svg = document.querySelector('[data-chart="slots"] svg')!;
      const w = Number(svg.getAttribute('width'));
      return ((Date.parse('2025-01-01T00:30:00Z') - a) / (b - a)) * w;
    }, d);
    const pd = (await pathOf(page, 'slots', 'pool:one'))!;
    const xs = [...pd.matchAll(/[MH](-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(xs.some((x) => Math.abs(x - x0) < 1.5)).toBe(true);
    await page.close();
  }, 120_000);

  for (const [w, h] of [[1280, 720], [1440, 900]] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`screenshot ${w}×${h} ${theme}`, async () => {
        const page = await open({ width: w, height: h }, theme);
        await page.mouse.move(0, 0);
        const charts = (await page.locator('[data-testid="capacity-charts"]').boundingBox())!;
        const timeline = (await page.locator('.timeline-area').boundingBox())!;
        expect(timeline.height).toBeGreaterThan(150);
        expect(charts.y + charts.height).toBeLessThanOrEqual(h);
        await page.screenshot({ path: join(shots, `e2e-capacity-${w}x${h}-${theme}.png`) });
        await page.close();
      }, 120_000);
    }
  }

  it('many DAGs: the timeline filter by dag_id and state re-stacks the bands', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(baseUrl + '?bench=5000&dags=50');
    await page.waitForFunction(() => (globalThis as unknown as { __windtunnel?: { timelines: Record<string, unknown> } }).__windtunnel?.timelines?.main, null, { timeout: 60_000 });
    const count = () => page.textContent('[data-testid="timeline-filter"] .count');
    expect(await count()).toBe('50 DAGs');
    await page.fill('input[aria-label="Filter DAGs by dag_id"]', 'dag_07 dag_4');
    await expect.poll(count).toBe('11 of 50 DAGs');
    const label = () => page.getAttribute('.timeline-area [aria-roledescription="timeline"]', 'aria-label');
    await expect.poll(label).toMatch(/in 11 DAG bands/);
    await page.screenshot({ path: join(shots, 'e2e-timeline-filter-1280x720.png') });
    await page.check('[data-testid="timeline-filter"] label:has-text("running") input');
    // Each synthetic DAG's last run is still running: every kept band keeps one.
    await expect.poll(count).toBe('11 of 50 DAGs');
    await page.fill('input[aria-label="Filter DAGs by dag_id"]', 'no-such-dag');
    await expect.poll(count).toBe('0 of 50 DAGs');
    await page.close();
  }, 120_000);
});
