// Inputs on the picture and the first minutes in the app, in Debian Chromium: a lesson's refused
// requests are marked on the timeline with their status and listed (filterable) in the runs panel;
// screenshots in light and dark at 1280×720 go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildRenderer, launch, serve, shotsDir, ROOT } from './harness.js';

const OUT = join(ROOT, 'test-results', 'e2e-inputs-dist');
let browser: Browser;
let baseUrl: string;
let close: () => void;
const shots = shotsDir();

async function open(path: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => localStorage.setItem('windtunnel.freePlay', '1'));
  await page.goto(baseUrl + path);
  await page.waitForFunction(() => /dag runs?, \d+ task instances?/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 60_000 });
  return page;
}

beforeAll(async () => {
  buildRenderer(OUT);
  const s = await serve(OUT);
  baseUrl = s.url;
  close = () => s.server.close();
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  close?.();
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
