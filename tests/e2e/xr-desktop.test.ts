import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { startE2eServer, type E2eServer } from '../support/e2e-server.ts';
import type { RenderStats } from '../../client/scene/render-stats.tsx';

/** The scene lab's render stats once the scene has drawn `cards` cards for a few frames. */
async function waitForScene(page: Page, cards: number): Promise<RenderStats> {
  await page.waitForFunction((n) => {
    const stats = window.__cashlensRenderer?.stats();
    return stats !== undefined && stats.scene.cardsShown === n && stats.frameTimes.length > 20 && stats.calls > 0;
  }, cards, { timeout: 60_000 });
  return page.evaluate(() => window.__cashlensRenderer!.stats());
}

describe('the 3D scene on a desktop (no WebXR)', () => {
  let server: E2eServer;
  let browser: Browser;
  const errors: string[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer('pglite', { seedDemo: false }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws 300 cards, timeline, product and peers within 100 draw calls, from self-hosted assets only', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) foreign.push(request.url());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/scene-lab.html?cards=300`);
    const stats = await waitForScene(page, 300);
    expect(stats.scene.mode).toBe('desktop');
    expect(stats.calls).toBeGreaterThan(5);
    expect(stats.calls).toBeLessThanOrEqual(100);
    await page.waitForFunction(() => (window.__cashlensRenderer?.stats().triangles ?? 0) > 5000, undefined, { timeout: 30_000 }); // the product model arrived
    await screenshot(page, 'xr-desktop-300-cards');
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    // Chromium without an AR device: no dead "Enter AR" button, and no Quick Look link either.
    expect(await page.getByTestId('enter-ar').count()).toBe(0);
    expect(await page.getByTestId('quick-look').count()).toBe(0);
  });

  it('selects a card by clicking it and moves through cards with the arrow keys', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/scene-lab.html?cards=24&product=none`);
    await waitForScene(page, 24);
    const location = await page.evaluate(() => window.__cashlensRenderer!.locateCard('INV-10003'));
    expect(location).not.toBeNull();
    const canvas = await page.locator('canvas').boundingBox();
    await page.mouse.click(canvas!.x + location!.screen[0], canvas!.y + location!.screen[1]);
    await expect.poll(() => page.evaluate(() => window.__lab?.selectedInvoice)).toBe('INV-10003');

    const list = page.getByRole('listbox', { name: 'Invoice cards' });
    await list.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => window.__lab?.selectedInvoice)).toBe('INV-10004');
    expect(await list.getAttribute('aria-activedescendant')).toBe('scene-card-INV-10004');
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => window.__lab?.selectedInvoice)).toBe('INV-10024');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => window.__lab?.selectedInvoice)).toBeNull();
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('.scene-card-caption').textContent()).toContain('INV-10001');
    await screenshot(page, 'xr-desktop-selected');
  });

  it('opens a hotspot panel on click and scrubs the timeline by dragging', async () => {
    const page = await browser.newPage({ viewport: { width: 960, height: 640 } });
    await page.goto(`${server.url}/scene-lab.html?cards=6&product=robotic-arm`);
    await waitForScene(page, 6);
    await page.waitForFunction(() => window.__cashlensRenderer?.locateObject('hotspot-gearbox') !== null, undefined, { timeout: 30_000 });
    const canvas = (await page.locator('canvas').boundingBox())!;
    const hotspot = (await page.evaluate(() => window.__cashlensRenderer!.locateObject('hotspot-gearbox')))!;
    await page.mouse.click(canvas.x + hotspot.screen[0], canvas.y + hotspot.screen[1]);
    await expect.poll(() => page.evaluate(() => window.__lab?.selectedHotspot)).toBe('gearbox');
    await page.waitForFunction(() => window.__cashlensRenderer?.locateObject('hotspot-panel') !== null);

    const bar = (await page.evaluate(() => window.__cashlensRenderer!.locateObject('timeline-bar')))!;
    await page.mouse.move(canvas.x + bar.screen[0] - 150, canvas.y + bar.screen[1]);
    await page.mouse.down();
    await page.mouse.move(canvas.x + bar.screen[0] - 60, canvas.y + bar.screen[1], { steps: 3 });
    const first = await page.evaluate(() => window.__lab?.scrubDate);
    await page.mouse.move(canvas.x + bar.screen[0] + 120, canvas.y + bar.screen[1], { steps: 3 });
    await page.mouse.up();
    const later = await page.evaluate(() => window.__lab?.scrubDate);
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(later! > first!).toBe(true);
    await page.waitForTimeout(300);
    await screenshot(page, 'xr-desktop-hotspot-scrub');
  });

  it('reports the local head pose for presence, no faster than 15 Hz', async () => {
    const page = await browser.newPage({ viewport: { width: 640, height: 480 } });
    await page.goto(`${server.url}/scene-lab.html?cards=10&product=none`);
    await waitForScene(page, 10);
    // Orbiting moves the camera; each move may report at most every 1/15 s.
    const canvas = (await page.locator('canvas').boundingBox())!;
    const before = await page.evaluate(() => window.__lab!.poses);
    const started = Date.now();
    await page.mouse.move(canvas.x + 200, canvas.y + 240);
    await page.mouse.down();
    for (let i = 0; i < 8; i++) await page.mouse.move(canvas.x + 200 + i * 30, canvas.y + 240);
    await page.mouse.up();
    await page.waitForTimeout(300);
    const elapsed = (Date.now() - started) / 1000;
    const reported = (await page.evaluate(() => window.__lab!.poses)) - before;
    expect(reported).toBeGreaterThan(0);
    expect(reported).toBeLessThanOrEqual(Math.ceil(elapsed * 15) + 1);
  });
});
