import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { startE2eServer, type E2eServer } from '../support/e2e-server.ts';
import { productFor } from '../../shared/products/product-for.ts';
import { createSession, customersOf, customerWithOpenInvoices, demoLogins, mintLink, openInvoicesOf, staffContext, VIEWPORT } from './desktop-helpers.ts';

describe('the customer link view', () => {
  let server: E2eServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens without a login, shows only that customer’s invoices, and lets the customer flag a dispute and promise to pay', async () => {
    const staff = await staffContext(browser, server.url, demoLogins.finance);
    const { customer, invoices } = await customerWithOpenInvoices(staff.request);
    const others = (await customersOf(staff.request)).filter((c) => c.ref !== customer.ref && c.openBalance > 0);
    const otherNumbers = new Set((await openInvoicesOf(staff.request, others[0]!.ref)).map((i) => i.number));
    const session = await createSession(staff.request, customer.ref, 'Statement review');
    const link = await mintLink(staff.request, session.id, 'customer');
    expect(link.url).toContain(`/s/`);

    // A second, separate browser context: no cookie, only the link.
    const guest = await browser.newContext({ viewport: VIEWPORT });
    const page = await guest.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/s/${encodeURIComponent(link.token)}`);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });

    const list = page.getByRole('list', { name: 'Invoices' });
    await expect.poll(() => list.getByRole('button').count(), { timeout: 10_000 }).toBe(invoices.length);
    const shown = await list.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-invoice')));
    expect(shown.sort()).toEqual(invoices.map((i) => i.number).sort());
    expect(shown.some((n) => otherNumbers.has(n!))).toBe(false);
    // The customer's product model stands on the table with its hotspots, as staff see it.
    const catalogue = (await (await staff.request.get('/api/v1/products')).json()) as { id: string; hotspots: { id: string }[] }[];
    const product = productFor(customer.ref, catalogue)!;
    await page.waitForFunction((name) => window.__cashlensRenderer?.locateObject(name) != null, `hotspot-${product.hotspots[0]!.id}`, { timeout: 30_000 });
    // No staff-only parts: no sharing, no internal notes option.
    expect(await page.getByRole('region', { name: 'Share this session' }).count()).toBe(0);
    expect(await page.getByText('Internal (team only)').count()).toBe(0);

    const target = invoices.find((i) => i.openDisputeId === null)!;
    await list.locator(`[data-invoice="${target.number}"]`).click();
    const details = page.getByRole('region', { name: `Invoice ${target.number}` });
    const flagForm = details.getByRole('form', { name: `Flag a dispute on ${target.number}` });
    await flagForm.getByLabel('Reason').selectOption('quantity');
    await flagForm.getByLabel('Note').fill('We received 8 pallets, not 10.');
    await flagForm.getByRole('button', { name: 'Flag dispute' }).click();

    // requested at once (local), then open once the server's dispute bridge has opened it in the ledger.
    const status = details.getByRole('status', { name: 'Dispute status' });
    await status.waitFor();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('open');
    await screenshot(page, 'customer-link-view');

    // A promise to pay another invoice: the card turns "Promised" (requested, or recorded once
    // collections has taken it) for everyone in the session.
    const promised = invoices.find((i) => i.number !== target.number && i.openDisputeId === null)!;
    await list.locator(`[data-invoice="${promised.number}"]`).click();
    const promiseDetails = page.getByRole('region', { name: `Invoice ${promised.number}` });
    await promiseDetails.locator('summary', { hasText: 'Promise to pay' }).click();
    const promiseForm = promiseDetails.getByRole('form', { name: `Promise to pay ${promised.number}` });
    await promiseForm.getByRole('button', { name: 'Promise to pay' }).click();
    await expect.poll(() => list.locator(`[data-invoice="${promised.number}"]`).textContent(), { timeout: 5_000 }).toContain('Promised');
    const staffView = await staff.newPage();
    await staffView.goto(`/sessions/${session.id}`);
    await expect.poll(() => staffView.getByRole('list', { name: 'Invoices' }).locator(`[data-invoice="${promised.number}"]`).textContent(), { timeout: 15_000 }).toContain('Promised');

    // The ledger agrees, seen from the staff side.
    const after = await openInvoicesOf(staff.request, customer.ref);
    expect(after.find((i) => i.number === target.number)?.openDisputeId).toBeTruthy();
    expect(errors).toEqual([]);
    await guest.close();
    await staff.close();
  });

  it('downloads the statement as PDF and CSV and messages the team, which staff see on the customer', async () => {
    const staff = await staffContext(browser, server.url, demoLogins.finance);
    const { customer, invoices } = await customerWithOpenInvoices(staff.request);
    const customerId = ((await customersOf(staff.request)) as (typeof customer & { id: string })[]).find((c) => c.ref === customer.ref)!.id;
    const session = await createSession(staff.request, customer.ref, 'Self-service');
    const link = await mintLink(staff.request, session.id, 'customer');

    const guest = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    const page = await guest.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/s/${encodeURIComponent(link.token)}`);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    await page.locator('summary', { hasText: 'Statement & messages' }).click();
    const panel = page.getByRole('region', { name: 'Statement and messages' });

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^statement-.+\.csv$/);
    const csv = await fs.readFile((await csvDownload.path())!, 'utf8');
    for (const invoice of invoices) expect(csv).toContain(invoice.number);
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Download PDF' }).click()]);
    expect(pdfDownload.suggestedFilename()).toMatch(/^statement-.+\.pdf$/);
    const pdf = await fs.readFile((await pdfDownload.path())!, 'latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf).toContain(invoices[0]!.number);

    const form = panel.getByRole('form', { name: 'Message the team' });
    await form.getByLabel('Message').fill('We paid the March invoices on Friday; please check.');
    await form.getByRole('button', { name: 'Send message' }).click();
    await form.getByRole('status').filter({ hasText: 'Sent' }).waitFor({ timeout: 5_000 });
    await screenshot(page, 'customer-link-self-service');

    const detail = await (await staff.request.get(`/api/v1/collections/customers/${customerId}`)).json();
    expect(detail.messages.map((message: { body: string }) => message.body)).toContain('We paid the March invoices on Friday; please check.');

    // The conversation is live in the session: staff in it see the message, answer, and the
    // customer's page shows the answer without a reload.
    const staffPage = await staff.newPage();
    await staffPage.goto(`/sessions/${session.id}`);
    const staffThread = staffPage.getByRole('list', { name: 'Messages' });
    await staffThread.getByText('We paid the March invoices on Friday; please check.').waitFor({ timeout: 15_000 });
    const reply = staffPage.getByRole('form', { name: 'Reply to the customer' });
    await reply.getByLabel('Message').fill('Thank you, we found the payment and are applying it today.');
    await reply.getByRole('button', { name: /send/i }).click();
    const customerThread = panel.getByRole('list', { name: 'Messages' });
    await customerThread.getByText('Thank you, we found the payment and are applying it today.').waitFor({ timeout: 15_000 });
    expect(await customerThread.getByRole('listitem').count()).toBe(2);
    await screenshot(page, 'customer-link-conversation');
    expect(errors).toEqual([]);
    await guest.close();
    await staff.close();
  });
});
