// Inputs on the picture and the first minutes in the app, in Debian Chromium: a lesson's refused
// requests are marked on the timeline with their status and listed (filterable) in the runs panel;
// screenshots in light and dark at 1280×720 go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApp, waitForSimulation, shotsDir, ROOT } from './harness.js';

const OUT = join(ROOT, 'test-results', 'e2e-inputs-dist');
let browser: Browser;
let baseUrl: string;
let stop: () => Promise<void>;
const shots = shotsDir();

async function open(path: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => localStorage.setItem('windtunnel.freePlay', '1'));
  await page.goto(baseUrl + path);
  await waitForSimulation(page, 60_000);
  return page;
}

beforeAll(async () => {
  const app = await startApp(OUT);
  ({ baseUrl, browser } = app);
  stop = app.stop;
}, 240_000);

afterAll(async () => {
  await stop?.();
});

describe('inputs on the picture', () => {
  it('inference-push-rest: the 409 and 422 are marked on the timeline and listed as inputs', async () => {
    const page = await open('?lesson=inference-push-rest');
    // End of the clock: every input is drawn.
    await page.click('button[aria-label="Go to end"]');
    const marks = page.locator('[data-testid="input-marks"] g.pin');
    await expect.poll(() => marks.count(), { timeout: 20_000 }).toBeGreaterThan(2);
    const outcomes = await marks.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-outcome')));
    expect(outcomes).toContain('409');
    expect(outcomes).toContain('422');
    expect(await page.locator('[data-testid="input-marks"] g.pin.refused').count()).toBe(outcomes.filter((o) => o !== '200' && o !== 'ok').length);
    await page.click('#tab-runs');
    await page.locator('input[name="runs-view"][value="inputs"]').check();
    const table = page.locator('[data-testid="inputs-table"] tbody tr');
    const total = await table.count();
    expect(total).toBe(outcomes.length);
    await page.locator('input[aria-label="refused only"]').check();
    await expect.poll(() => table.count()).toBe(outcomes.filter((o) => o !== '200' && o !== 'ok').length);
    expect(await table.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-outcome')))).toContain('409');
    await page.screenshot({ path: join(shots, 'e2e-inputs-light-1280.png') });
    await page.click('button[aria-label^="Switch to dark"]');
    await page.screenshot({ path: join(shots, 'e2e-inputs-dark-1280.png') });
    await page.close();
  }, 120_000);
});

describe('the first minutes', () => {
  it('at 1440×900 the timeline is taller than 400 px and the runs table shows the state column', async () => {
    const page = await open('?lesson=catchup-cron-timetables', { width: 1440, height: 900 });
    const tl = await page.locator('.timeline-area').boundingBox();
    expect(tl!.height).toBeGreaterThan(400);
    await page.click('#tab-runs');
    const state = await page.locator('table[aria-label="DAG runs"] th', { hasText: 'state' }).boundingBox();
    const center = await page.locator('main.center').boundingBox();
    expect(state!.x + state!.width).toBeLessThanOrEqual(center!.x + center!.width);
    await page.screenshot({ path: join(shots, 'e2e-first-1440x900.png') });
    await page.close();
  }, 120_000);

  it('catch-up lesson, compare mode and a hovered primary button in light and dark at 1280×720', async () => {
    const page = await open('?lesson=catchup-cron-timetables');
    await page.screenshot({ path: join(shots, 'e2e-catchup-light-1280.png') });
    await page.click('button[aria-label^="Switch to dark"]');
    await page.screenshot({ path: join(shots, 'e2e-catchup-dark-1280.png') });
    await page.locator('input[aria-label="Compare mode"]').check();
    await page.waitForSelector('.compare');
    const cmp = await page.locator('.compare').boundingBox();
    const right = await page.locator('aside.right').boundingBox();
    // Compare mode stays inside the centre column: nothing under the inspector.
    expect(cmp!.x + cmp!.width).toBeLessThanOrEqual(right!.x + 1);
    await page.screenshot({ path: join(shots, 'e2e-compare-dark-1280.png') });
    await page.click('button[aria-label^="Switch to light"]');
    await page.screenshot({ path: join(shots, 'e2e-compare-light-1280.png') });
    await page.close();
    // A primary button under the pointer keeps its text readable (it turned white on white).
    for (const theme of ['light', 'dark'] as const) {
      const p = await open('?lesson=inference-push-rest');
      if (theme === 'dark') await p.click('button[aria-label^="Switch to dark"]');
      await p.click('button[aria-pressed]:has-text("Challenges")');
      await p.click('button.link:has-text("Four runs at one instant, without a 409")');
      await p.waitForFunction(() => /parallel-runs-without-409/.test(document.querySelector('.toolbar .scenario')?.textContent ?? ''), null, { timeout: 30_000 });
      await p.click('.side-tabs button:has-text("Lesson")');
      const check = p.locator('button.primary', { hasText: 'Check' });
      await check.waitFor();
      await check.hover();
      const [bg, fg] = await check.evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]);
      expect(bg, `${theme}: ${bg} on ${fg}`).not.toBe(fg);
      // color-mix() computes to color(srgb r g b) with 0..1 channels, rgb() to 0..255.
      const lum = (c: string) => {
        const k = c.startsWith('color(srgb') ? 255 : 1;
        const [r, g, b2] = (c.replace('color(srgb', '').match(/[\d.]+/g) ?? []).map((v) => Number(v) * k);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
      };
      expect(Math.abs(lum(bg) - lum(fg)), `${theme}: ${bg} on ${fg}`).toBeGreaterThan(80);
      await p.screenshot({ path: join(shots, `e2e-primary-hover-${theme}-1280.png`) });
      await p.close();
    }
  }, 180_000);
});
