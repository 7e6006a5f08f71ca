/**
 * The dispute round trip from the AR view (issue 6): sales, in the app's live session with an
 * emulated AR headset (`?xr=emulate`, shared TESTING-XR.md), enters immersive-ar, places the
 * table, points the controller at a card and pulls the trigger, and flags a dispute on it; finance,
 * in a second browser context, sees it in the dispute queue and resolves it; the card the AR
 * scene draws then carries the resolved dispute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { startE2eServer, type E2eServer } from '../support/e2e-server.ts';
import { DEMO_PASSWORD } from '../../server/seed/demo-company.ts';
import { createSession, customerWithOpenInvoices, demoLogins, measureFlagToFinance, staffContext } from './desktop-helpers.ts';

/** Small: SwiftShader frames in the emulated session must stay under the 300 ms click threshold (~150 ms at 640×420, ~320 ms at 960×640). */
const AR_VIEWPORT = { width: 560, height: 360 } as const;

/** A trigger click of the emulated right controller, pressed for one rendered frame (see xr-ar.test.ts). */
async function pullTrigger(page: Page): Promise<void> {
  const frames = () => page.evaluate(() => window.__cashlensRenderer!.stats().frame);
  const before = await frames();
  await page.evaluate(() => window.__iwerDevice!.controllers.right!.updateButtonValue('trigger', 1));
  await expect.poll(frames, { interval: 20, timeout: 5_000 }).toBeGreaterThan(before);
  await page.evaluate(() => window.__iwerDevice!.controllers.right!.updateButtonValue('trigger', 0));
  await page.waitForTimeout(400);
}

/**
 * A pose `distance` metres in front of a card (toward where the head stood when the table was
 * placed) whose -z axis faces the card: for the controller (so the product model on the table
 * cannot stand between the ray and the card) or for the head (a close-up screenshot).
 */
async function poseFacing(page: Page, who: 'controller' | 'head', target: readonly [number, number, number], distance: number): Promise<void> {
  await page.evaluate(
    ({ who, target: [x, y, z], distance }) => {
      const device = window.__iwerDevice!;
      const head = { x: 0, y: 1.6, z: 0 };
      const back = { x: head.x - x, y: head.y - y, z: head.z - z };
      const length = Math.hypot(back.x, back.y, back.z);
      const to = { x: -back.x / length, y: -back.y / length, z: -back.z / length };
      // Shortest-arc quaternion from (0, 0, -1) to `to`.
      const w = 1 - to.z;
      const n = Math.hypot(to.y, to.x, w);
      const moved = who === 'head' ? device : device.controllers.right!;
      moved.position.set(x - to.x * distance, y - to.y * distance, z - to.z * distance);
      moved.quaternion.set(to.y / n, -to.x / n, 0, w / n);
    },
    { who, target: target as [number, number, number], distance },
  );
}

describe('a dispute flagged in AR, resolved by finance, seen resolved in AR', () => {
  let server: E2eServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser({ webxrEmulation: true })]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sales flags from the AR session, finance sees and resolves it, the AR card shows it resolved', async () => {
    const sales = await browser.newContext({ viewport: AR_VIEWPORT, baseURL: server.url });
    const login = await sales.request.post('/api/v1/auth/login', { data: { email: demoLogins.sales, password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
    const finance = await staffContext(browser, server.url, demoLogins.finance);
    const { customer, invoices } = await customerWithOpenInvoices(sales.request);
    const target = invoices.find((i) => i.openDisputeId === null)!;
    const session = await createSession(sales.request, customer.ref, 'Dispute in AR');

    const salesPage = await sales.newPage();
    const errors: string[] = [];
    salesPage.on('pageerror', (error) => errors.push(error.message));
    const financePage = await finance.newPage();
    await Promise.all([salesPage.goto(`/sessions/${session.id}?xr=emulate`), financePage.goto('/')]);
    const queue = financePage.getByRole('region', { name: 'Finance' });
    await financePage.getByRole('heading', { name: 'Dispute queue' }).waitFor();
    await salesPage.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await queue.locator(`li[data-invoice="${target.number}"]`).count()).toBe(0);

    // Enter AR with the app's own button (shown because the emulated device offers immersive-ar).
    const enter = salesPage.getByTestId('enter-ar');
    await enter.waitFor({ timeout: 60_000 });
    await enter.click();
    await salesPage.waitForFunction(() => window.__cashlensRenderer?.stats().scene.mode === 'immersive-ar', undefined, { timeout: 30_000 });
    await salesPage.evaluate(() => {
      const device = window.__iwerDevice!;
      device.position.set(0, 1.6, 0);
      device.quaternion.set(-0.38268, 0, 0, 0.92388); // 45° down at the floor ahead
    });
    await salesPage.waitForFunction(() => (window.__cashlensRenderer?.stats().scene.hitTestResults ?? 0) > 10, undefined, { timeout: 30_000 });
    await pullTrigger(salesPage);
    await salesPage.waitForFunction((n) => {
      const scene = window.__cashlensRenderer?.stats().scene;
      return scene?.placed === true && scene.cards === n && scene.cardsShown === n;
    }, invoices.length, { timeout: 30_000 });
    await salesPage.evaluate(() => window.__iwerDevice!.quaternion.set(-0.13, 0, 0, 0.99));
    await salesPage.waitForTimeout(500);

    // Select the card by pointing at it. iwer turns a press into selectstart/selectend one frame
    // apart, and pointer events count a click only within 300 ms, so a press counts only when that
    // frame is quick: up to eight pulls. Under heavy machine load every SwiftShader frame can exceed
    // 300 ms; then the card is picked in the session panel's invoice list (the same selection) and the
    // log says so, because this test is about the round trip (xr-ar.test.ts is about pointing).
    const location = await salesPage.evaluate((n) => window.__cashlensRenderer!.locateCard(n), target.number);
    expect(location).not.toBeNull();
    await poseFacing(salesPage, 'controller', location!.world, 0.3);
    await salesPage.waitForTimeout(500);
    const selected = () => salesPage.evaluate(() => window.__cashlensRenderer!.stats().scene.selectedInvoice);
    let pulls = 0;
    for (; pulls < 8 && (await selected()) !== target.number; pulls++) await pullTrigger(salesPage);
    if ((await selected()) === target.number) console.log(`selected by pointing: ${pulls} trigger pull(s)`);
    else {
      console.log(`not selected after ${pulls} trigger pulls (slow frames): selecting in the invoice list`);
      await salesPage.getByRole('list', { name: 'Invoices' }).locator(`[data-invoice="${target.number}"]`).dispatchEvent('click');
    }
    await expect.poll(selected, { timeout: 5_000 }).toBe(target.number);
    await screenshot(salesPage, 'xr-dispute-selected');

    // The flag goes through the session panel's form, not the AR DOM overlay: the emulated
    // headset has no DOM overlay (shared TESTING-XR.md; the overlay's elements are in the page but
    // under the XR canvas, where nobody could tap them). The AR session stays on throughout, and the
    // controls are driven as DOM events because the XR canvas covers the panel for pointer hit tests.
    const panel = salesPage.getByRole('complementary', { name: 'Session panel' });
    const flagForm = panel.getByRole('form', { name: `Flag a dispute on ${target.number}` });
    await flagForm.getByLabel('Reason').selectOption('pricing');
    await flagForm.getByLabel('Note').fill('Billed above the quote, seen in AR.');
    const flaggedAt = Date.now();
    await flagForm.getByRole('button', { name: 'Flag dispute' }).dispatchEvent('click');
    const arFlag = () => salesPage.evaluate((n) => window.__cashlensRenderer!.card(n)?.dispute?.status ?? null, target.number);
    await expect.poll(arFlag, { interval: 25, timeout: 2_000 }).not.toBeNull();
    await poseFacing(salesPage, 'head', location!.world, 0.3);
    await salesPage.waitForTimeout(600);
    await screenshot(salesPage, 'xr-dispute-flagged');

    // Server side (the dispute bridge opening the ledger dispute) and screen side, measured apart.
    const { entry, flagToFinanceMs, flagToLedgerMs } = await measureFlagToFinance(finance, queue, target.number, flaggedAt, 10_000);
    console.log(`AR flag → ledger dispute: ${flagToLedgerMs} ms; AR flag → finance queue on screen: ${flagToFinanceMs} ms`);
    // DESIGN §6 wants well under a second; the server's share depends on the machine's load, so the
    // hard bounds are the client's share (a 500 ms poll plus rendering) and a generous ceiling.
    expect(flagToFinanceMs - flagToLedgerMs).toBeLessThan(1_500);
    expect(flagToFinanceMs).toBeLessThan(10_000);
    expect(await entry.textContent()).toContain('seen in AR');
    await entry.scrollIntoViewIfNeeded();
    await screenshot(financePage, 'xr-dispute-finance-queue');

    await entry.getByRole('button', { name: `Resolve dispute on ${target.number}` }).click();
    const form = financePage.getByRole('form', { name: `Resolve dispute on ${target.number}` });
    await form.getByLabel('Credit note').check();
    await form.getByLabel(/Credit amount/).fill('5.00');
    await form.getByLabel('Resolution note').fill('Credited after the AR walk-through.');
    const resolvedAt = Date.now();
    await form.getByRole('button', { name: 'Resolve' }).click();
    await entry.waitFor({ state: 'detached', timeout: 5_000 });

    await expect.poll(arFlag, { interval: 25, timeout: 10_000 }).toBe('resolved');
    const resolveToArMs = Date.now() - resolvedAt;
    console.log(`finance resolve → AR card resolved: ${resolveToArMs} ms`);
    expect((await salesPage.evaluate(() => window.__cashlensRenderer!.stats().scene.mode))).toBe('immersive-ar');
    await salesPage.waitForTimeout(600);
    await screenshot(salesPage, 'xr-dispute-resolved');
    expect(errors).toEqual([]);
    await Promise.all([sales.close(), finance.close()]);
  });
});
