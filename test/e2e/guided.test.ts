// A guided lesson and a challenge walked end to end in Debian Chromium: steps move the clock and
// the view, a wrong answer shows the decision-log evidence, the right one is confirmed, progress
// survives a reload; a challenge's start fails its goal and the reference solution meets it.
// Screenshots (light and dark, 1280×720) go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApp, waitForSimulation, shotsDir, ROOT } from './harness.js';

const OUT = join(ROOT, 'test-results', 'e2e-guided-dist');
let browser: Browser;
let baseUrl: string;
let stop: () => Promise<void>;
const shots = shotsDir();

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as unknown as { errors: string[] }).errors = errors;
  await page.goto(baseUrl + path);
  await waitForSimulation(page, 30_000);
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

describe('guided lessons and challenges in Chromium', () => {
  it('walks inference-push-rest: wrong answer shows evidence, right answer confirmed, keys and progress', async () => {
    const page = await open('?lesson=inference-push-rest');
    const guided = page.locator('[data-testid="guided-lesson"]');
    await expect.poll(() => guided.locator('[data-testid="step-count"]').textContent()).toBe('Step 1 of 2');
    // The step moved the clock to 10:05 and opened the Decisions tab.
    await expect.poll(() => page.getAttribute('#tab-log', 'aria-selected')).toBe('true');
    // Wrong: 409 (key 2). The evidence is the second request's row: stamped 1 µs later, it got its own run.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('2');
    await expect.poll(() => guided.locator('[data-testid="verdict"]').textContent()).toMatch(/Not what happened: the simulation says 200/);
    expect(await guided.locator('[data-testid="evidence"]').textContent()).toMatch(/status=200/);
    await page.screenshot({ path: join(shots, 'e2e-guided-wrong-light-1280.png') });
    // Right: 200 by click.
    await guided.locator('button.choice', { hasText: '200' }).click();
    await expect.poll(() => guided.locator('[data-testid="verdict"]').textContent()).toMatch(/^Right/);
    // → goes to step 2 (10:07, the 422).
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => guided.locator('[data-testid="step-count"]').textContent()).toBe('Step 2 of 2');
    await guided.locator('button.choice', { hasText: '422' }).click();
    await expect.poll(() => guided.locator('[data-testid="verdict"]').textContent()).toMatch(/^Right/);
    await page.click('button[aria-label^="Switch to dark"]');
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(shots, 'e2e-guided-right-dark-1280.png') });
    // Progress is kept on this machine: a reload opens step 2 with its answer.
    await page.reload();
    await waitForSimulation(page, 30_000);
    await expect.poll(() => page.locator('[data-testid="step-count"]').textContent()).toBe('Step 2 of 2');
    await expect.poll(() => page.locator('[data-testid="verdict"]').textContent()).toMatch(/^Right/);
    // ← back; free play hides the steps and leaves the narrative.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('[data-testid="step-count"]').textContent()).toBe('Step 1 of 2');
    await page.check('input[aria-label="Free play"]');
    await expect.poll(() => page.locator('[data-testid="guided-lesson"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="lesson-narrative"]')).toMatch(/409 from the unique constraint/);
    // The runs table's run_after filter suggests this scenario's clock, not unrelated dates.
    await page.click('#tab-runs');
    expect(await page.getAttribute('input[aria-label="run_after from"]', 'placeholder')).toBe('2025-05-01 10:00');
    expect(await page.getAttribute('input[aria-label="run_after to"]', 'placeholder')).toBe('2025-05-01 11:00');
    await page.uncheck('input[aria-label="Free play"]');
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('a question whose answer is the run xcom_pull read: wrong choice shows the decision-log line', async () => {
    const page = await open('?lesson=xcom-prior-run');
    const guided = page.locator('[data-testid="guided-lesson"]');
    await expect.poll(() => guided.locator('[data-testid="step-count"]').textContent()).toBe('Step 1 of 2');
    await guided.locator('button.choice', { hasText: 'none' }).click();
    await expect.poll(() => guided.locator('[data-testid="evidence"]').textContent()).toMatch(/xcom\.pull .*read run scheduled__2025-04-01T00:00:00\+00:00/);
    await guided.locator('button.choice', { hasText: 'scheduled__2025-04-01' }).click();
    await expect.poll(() => guided.locator('[data-testid="verdict"]').textContent()).toMatch(/^Right/);
    await page.close();
  });

  it('a challenge: the start fails its goal, the reference solution meets it', async () => {
    const page = await open('?lesson=inference-push-rest');
    await page.click('button[aria-pressed]:has-text("Challenges")');
    await page.click('button.link:has-text("Four runs at one instant, without a 409")');
    // Opening the challenge put its scenario in the editor; the challenge waits in the Lesson tab.
    await page.waitForFunction(() => /parallel-runs-without-409/.test(document.querySelector('.toolbar .scenario')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.click('.side-tabs button:has-text("Lesson")');
    await expect.poll(() => page.textContent('[data-testid="challenge-title"]')).toContain('without a 409');
    await page.click('button:has-text("Check")');
    await expect.poll(() => page.textContent('[data-testid="challenge-verdict"]')).toBe('Not yet:');
    expect(await page.textContent('.checks')).toMatch(/✗ four runs at 09:00 without a logical date \(the simulation has 0\)/);
    await page.click('button:has-text("Hint")');
    expect(await page.textContent('[data-testid="challenge-hint"]')).toMatch(/run does not need a logical date/);
    await page.screenshot({ path: join(shots, 'e2e-challenge-failed-light-1280.png') });
    await page.click('button:has-text("Load reference solution")');
    await page.waitForFunction(() => /4 dag runs/.test(document.querySelector('.status')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.click('.side-tabs button:has-text("Lesson")');
    await page.click('button:has-text("Check")');
    await expect.poll(() => page.textContent('[data-testid="challenge-verdict"]')).toBe('Goal met.');
    await page.click('button[aria-label^="Switch to dark"]');
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(shots, 'e2e-challenge-met-dark-1280.png') });
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });
});
