/**
 * The integrations page in Chromium, as the demo admin: import a CAMT.053 statement through the
 * file picker (progress bar to 100 %, result summary), see a refused split explained on the
 * review-queue line, confirm it to its suggested invoice, then create an API key (shown once), see it used, and revoke it.
 * Webhooks: subscribe a real receiver in this process (the secret shown once), see a payment's
 * signed delivery arrive and land in the delivery log, replay it, remove the subscription.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { startE2eServer, type E2eServer } from '../support/e2e-server.ts';
import { camtV2 } from '../integration/bank/camt-fixtures.ts';
import { SIGNATURE_HEADER, verifyWebhook } from '../../shared/webhooks/signature.ts';
import { customersOf, demoLogins, openInvoicesOf, staffContext } from './desktop-helpers.ts';

const major = (minor: number) => (minor / 100).toFixed(2);

describe('integrations page', () => {
  let server: E2eServer;
  let browser: Browser;
  beforeAll(async () => {
    // The webhook receiver below listens on loopback.
    [server, browser] = await Promise.all([startE2eServer('pglite', { webhookAllowPrivateTargets: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports a statement with a progress bar, confirms a review line, and creates and revokes an API key', async () => {
    const admin = await staffContext(browser, server.url, demoLogins.admin);
    // Two open invoices of one customer: one paid with its number in the remittance (posted at
    // once), one paid by an unknown payer with only the amount (waits for review).
    let picked: { customerRef: string; currency: string; byReference: { number: string; openAmount: number }; byAmount: { number: string; openAmount: number } } | undefined;
    for (const customer of (await customersOf(admin.request)).filter((c) => c.openBalance > 0).sort((a, b) => a.ref.localeCompare(b.ref))) {
      const invoices = (await openInvoicesOf(admin.request, customer.ref)).filter((i) => i.openDisputeId === null);
      const details = (await (await admin.request.get(`/api/v1/invoices?customer=${encodeURIComponent(customer.ref)}`)).json()) as { number: string; currency: string }[] | { items: { number: string; currency: string }[] };
      const currency = (Array.isArray(details) ? details : details.items)[0]?.currency;
      if (invoices.length >= 2 && (currency === 'EUR' || currency === 'USD' || currency === 'GBP')) {
        picked = { customerRef: customer.ref, currency, byReference: invoices[0]!, byAmount: invoices[1]! };
        break;
      }
    }
    if (!picked) throw new Error('the demo company has no customer with two open, undisputed invoices');
    const statement = camtV2(
      'E2E-UI-1',
      [
        { ref: 'E2E-REF-1', amount: major(picked.byReference.openAmount), debtorName: 'Someone Paying', invoiceNumbers: [picked.byReference.number] },
        { ref: 'E2E-AMT-1', amount: major(picked.byAmount.openAmount), debtorName: 'Unknown Payer GmbH', text: 'Thank you' },
      ],
      { currency: picked.currency },
    );

    const page = await admin.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Integrations' }).click();
    const importPanel = page.getByRole('region', { name: 'Bank statement import' });
    await importPanel.waitFor();
    // Record every phase the progress bar shows, from the first render on.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressPhases: string[] }).progressPhases = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('progress[aria-label="Upload progress"]');
        const phase = bar?.getAttribute('data-phase');
        if (phase && seen.at(-1) !== phase) seen.push(phase);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await importPanel.getByLabel('CAMT.053 file').setInputFiles({ name: 'statement.xml', mimeType: 'application/xml', buffer: Buffer.from(statement) });
    await importPanel.getByRole('button', { name: 'Import statement' }).click();

    const progress = importPanel.getByRole('progressbar', { name: 'Upload progress' });
    await expect.poll(() => progress.getAttribute('data-phase'), { timeout: 15_000 }).toBe('done');
    expect(await progress.evaluate((bar) => (bar as HTMLProgressElement).value)).toBe(100);
    const phases = await page.evaluate(() => (window as unknown as { progressPhases: string[] }).progressPhases);
    expect(phases[0]).toMatch(/uploading|processing/);
    expect(phases.at(-1)).toBe('done');
    const summary = importPanel.getByLabel('Import result');
    expect(await summary.textContent()).toMatch(/1 posted · 1 to review · 0 already imported/);
    await screenshot(page, 'integrations-bank-import');

    // The review line offers the amount-matching invoice; confirming it takes the line off the queue.
    const queue = page.getByRole('region', { name: 'Bank review queue' });
    const line = queue.getByRole('listitem', { name: 'Bank line E2E-AMT-1' });
    await line.waitFor();
    // A split the server refuses (no such invoice) keeps the line and shows why on it.
    await line.getByRole('button', { name: 'Split…' }).click();
    const split = line.getByRole('form', { name: 'Split E2E-AMT-1' });
    await split.getByLabel('Invoice 1').fill('NO-SUCH-INVOICE');
    await split.getByRole('button', { name: 'Confirm split' }).click();
    const refusal = line.getByRole('alert');
    await refusal.waitFor();
    expect((await refusal.textContent())?.length).toBeGreaterThan(5);
    await line.getByRole('button', { name: new RegExp(`^Confirm to ${picked.byAmount.number} `) }).click();
    await line.waitFor({ state: 'detached', timeout: 10_000 });
    const stillOpen = (await openInvoicesOf(admin.request, picked.customerRef)).map((i) => i.number);
    expect(stillOpen).not.toContain(picked.byAmount.number);
    expect(stillOpen).not.toContain(picked.byReference.number);
    const reviewed = (await (await admin.request.get('/api/v1/bank/entries?status=confirmed')).json()) as { entryRef: string }[];
    expect(reviewed.map((entry) => entry.entryRef)).toContain('E2E-AMT-1');

    // API key: the secret once, then in the list with its scopes; used → last-used time; revoked → 401.
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByLabel('Key name').fill('ERP sync (e2e)');
    await keys.getByRole('button', { name: 'Create key' }).click();
    const secret = await keys.locator('[data-secret="api-key"]').textContent();
    expect(secret?.length).toBeGreaterThan(20);
    const row = keys.locator('tr[data-key-name="ERP sync (e2e)"]');
    expect(await row.textContent()).toContain('never');
    expect(await row.textContent()).toContain('read');
    const machine = await browser.newContext({ baseURL: server.url });
    expect((await machine.request.get('/api/v1/customers', { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(200);
    await keys.getByRole('button', { name: 'Done' }).click();
    expect(await keys.locator('[data-secret="api-key"]').count()).toBe(0);
    await page.reload();
    await row.waitFor();
    expect(await row.textContent()).not.toContain('never');
    await row.getByRole('button', { name: 'Revoke ERP sync (e2e)' }).click();
    await row.getByText(/revoked/).waitFor();
    expect((await machine.request.get('/api/v1/customers', { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(401);
    await screenshot(page, 'integrations-api-keys');
    await machine.close();
  });

  it('subscribes a receiver, shows the signed delivery of a payment in the log, replays it and removes the subscription', async () => {
    const received: { event: string; signature: string; body: string }[] = [];
    const receiver = http.createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ event: String(request.headers['x-cashlens-event']), signature: String(request.headers[SIGNATURE_HEADER]), body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/cashlens`;
    try {
      const admin = await staffContext(browser, server.url, demoLogins.admin);
      const page = await admin.newPage();
      await page.goto('/');
      await page.getByRole('button', { name: 'Integrations' }).click();
      const hooks = page.getByRole('region', { name: 'Webhooks' });
      await hooks.getByLabel('Endpoint URL').fill(receiverUrl);
      await hooks.getByLabel('invoice.created').uncheck();
      await hooks.getByRole('button', { name: 'Subscribe' }).click();
      const secret = (await hooks.locator('[data-secret="webhook"]').textContent())!;
      expect(secret).toMatch(/^whsec_/);
      await hooks.getByRole('button', { name: 'Done' }).click();
      expect(await hooks.getByRole('table', { name: 'Webhook subscriptions' }).textContent()).toContain(receiverUrl);

      const customer = (await customersOf(admin.request)).filter((c) => c.openBalance > 0).sort((a, b) => a.ref.localeCompare(b.ref))[0]!;
      const invoice = (await openInvoicesOf(admin.request, customer.ref)).find((i) => i.openDisputeId === null)!;
      const detail = (await (await admin.request.get(`/api/v1/invoices/${encodeURIComponent(invoice.number)}`)).json()) as { currency: string };
      const paid = await admin.request.post('/api/v1/payments', { data: { customerRef: customer.ref, date: new Date().toISOString().slice(0, 10), amount: 100, currency: detail.currency, allocations: [{ invoiceNumber: invoice.number, amount: 100 }] } });
      expect(paid.status(), await paid.text()).toBe(201);
      await expect.poll(() => received.filter((delivery) => delivery.event === 'payment.received').length, { timeout: 15_000 }).toBe(1);
      const [delivery] = received;
      expect((await verifyWebhook(secret, delivery!.signature, delivery!.body, Math.floor(Date.now() / 1000))).ok).toBe(true);
      expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'payment.received', data: { invoiceNumbers: [invoice.number] } });

      const log = hooks.getByRole('table', { name: 'Webhook deliveries' });
      await expect
        .poll(async () => {
          await hooks.getByRole('button', { name: 'Refresh' }).click();
          return log.locator('tr[data-status="delivered"]').count();
        }, { timeout: 10_000 })
        .toBe(1);
      expect(await log.textContent()).toContain('HTTP 204');
      await log.getByRole('button', { name: /^Replay delivery / }).first().click();
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
      expect(received[1]!.body).toBe(received[0]!.body);
      await hooks.getByRole('button', { name: 'Refresh' }).click();
      await log.locator('.badge', { hasText: 'replay' }).waitFor();
      await screenshot(page, 'integrations-webhooks');

      await hooks.getByRole('button', { name: `Remove ${receiverUrl}` }).click();
      await hooks.getByRole('table', { name: 'Webhook subscriptions' }).getByText('removed').waitFor();
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
