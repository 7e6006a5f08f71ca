import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { startE2eServer, type E2eServer } from '../support/e2e-server.ts';
import { DEMO_PASSWORD } from '../../server/seed/demo-company.ts';
import { customerWithOpenInvoices, demoLogins, VIEWPORT } from './desktop-helpers.ts';

describe('desktop 3D mode', () => {
  let server: E2eServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finance logs in, sees the dashboard, starts a session and sees one card per open invoice', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, baseURL: server.url });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/');
    await page.getByLabel('E-mail').fill(demoLogins.finance);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();

    // The dashboard: customers, figures, both charts (lazy recharts chunks), the dispute queue.
    await page.getByRole('table', { name: 'Customers' }).waitFor();
    const metrics = page.getByRole('region', { name: 'Metrics' });
    await metrics.getByText('DSO', { exact: true }).waitFor();
    await expect.poll(() => page.locator('.charts .recharts-wrapper').count(), { timeout: 15_000 }).toBe(2);
    await screenshot(page, 'finance-dashboard');

    const { customer, invoices } = await customerWithOpenInvoices(context.request);
    await page.getByRole('button', { name: `Open a session with ${customer.name}` }).click();
    await page.waitForURL(/\/sessions\/[^/]+$/);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    await page
      .locator('section.scene canvas')
      .waitFor({ timeout: 45_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'desktop-session-no-canvas');
        throw error;
      });

    const list = page.getByRole('list', { name: 'Invoices' });
    await expect.poll(() => list.getByRole('button').count(), { timeout: 10_000 }).toBe(invoices.length);
    const shown = await list.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-invoice')));
    expect(shown.sort()).toEqual(invoices.map((i) => i.number).sort());

    // Keyboard: focus a card, press Enter, its details open with the actions.
    const first = list.getByRole('button').first();
    await first.focus();
    await page.keyboard.press('Enter');
    const number = (await first.getAttribute('data-invoice'))!;
    const details = page.getByRole('region', { name: `Invoice ${number}` });
    await details.waitFor();
    await details.getByRole('button', { name: 'Flag dispute' }).waitFor();
    expect(await first.getAttribute('aria-pressed')).toBe('true');

    // The scene got one card per open invoice (its test hook), draws them, and picking a card
    // with the mouse in the 3D view selects it in the DOM panel too.
    type Hook = { stats(): { calls: number; scene: { cards: number; cardsShown: number } }; locateCard(n: string): { screen: readonly [number, number] } | null };
    const sceneStats = () => page.evaluate(() => (window as unknown as { __cashlensRenderer?: Hook }).__cashlensRenderer?.stats() ?? null);
    await expect.poll(async () => (await sceneStats())?.scene.cardsShown, { timeout: 30_000 }).toBe(invoices.length);
    expect((await sceneStats())!.scene.cards).toBe(invoices.length);
    expect((await sceneStats())!.calls).toBeGreaterThan(0);
    const other = shown.find((n) => n !== number)!;
    const spot = await page.evaluate((n) => (window as unknown as { __cashlensRenderer?: Hook }).__cashlensRenderer?.locateCard(n)?.screen ?? null, other);
    expect(spot).not.toBeNull();
    const box = (await page.locator('section.scene canvas').boundingBox())!;
    await page.mouse.click(box.x + spot![0], box.y + spot![1]);
    await page.getByRole('region', { name: `Invoice ${other}` }).waitFor({ timeout: 5_000 });
    expect(await list.locator(`[data-invoice="${other}"]`).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'desktop-session');

    // The same login ends elsewhere (another tab logs out): the server closes this page's sync
    // sockets (4401) and the page goes back to the login form instead of taking writes it cannot send.
    expect((await context.request.post('/api/v1/auth/logout')).status()).toBeLessThan(300);
    await page.getByLabel('E-mail').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
