/**
 * Helpers shared by the desktop, customer-link and finance e2e tests (not a test file itself):
 * staff browser contexts logged in through the real login route, and small API look-ups the
 * tests compare the screen against.
 */
import { expect } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext, Locator } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/seed/demo-company.ts';

export const VIEWPORT = { width: 1440, height: 900 } as const;

export const demoLogins = {
  finance: 'finance@demo.cashlens.test',
  sales: 'sam.sales@demo.cashlens.test',
  admin: 'admin@demo.cashlens.test',
} as const;

/** A browser context whose cookie jar holds a staff session (pages opened in it are logged in). */
export async function staffContext(browser: Browser, baseURL: string, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL });
  const response = await context.request.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  return context;
}

export interface ApiCustomer {
  readonly ref: string;
  readonly name: string;
  readonly openBalance: number;
}

export interface ApiInvoice {
  readonly number: string;
  readonly openAmount: number;
  readonly status: string;
  readonly openDisputeId: string | null;
}

async function json<T>(request: APIRequestContext, path: string, init?: { data: unknown }): Promise<T> {
  const response = init ? await request.post(path, init) : await request.get(path);
  expect(response.ok(), `${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

export async function customersOf(request: APIRequestContext): Promise<ApiCustomer[]> {
  return json<ApiCustomer[]>(request, '/api/v1/customers');
}

export async function openInvoicesOf(request: APIRequestContext, customerRef: string): Promise<ApiInvoice[]> {
  const payload = await json<ApiInvoice[] | { items: ApiInvoice[] }>(request, `/api/v1/invoices?customer=${encodeURIComponent(customerRef)}`);
  const invoices = Array.isArray(payload) ? payload : payload.items;
  return invoices.filter((invoice) => invoice.openAmount > 0 && invoice.status !== 'void' && invoice.status !== 'written_off');
}

/**
 * A customer of this staff member with a few open invoices, none of them disputed yet, so a
 * test can flag one and see the whole round trip.
 */
export async function customerWithOpenInvoices(request: APIRequestContext, skip: readonly string[] = []): Promise<{ customer: ApiCustomer; invoices: ApiInvoice[] }> {
  const customers = (await customersOf(request)).filter((c) => c.openBalance > 0 && !skip.includes(c.ref)).sort((a, b) => a.ref.localeCompare(b.ref));
  for (const customer of customers) {
    const invoices = await openInvoicesOf(request, customer.ref);
    if (invoices.length >= 2 && invoices.length <= 40 && invoices.some((i) => i.openDisputeId === null)) return { customer, invoices };
  }
  throw new Error('the demo company has no customer with open, undisputed invoices');
}

export async function createSession(request: APIRequestContext, customerRef: string, title: string): Promise<{ id: string }> {
  return json<{ id: string }>(request, '/api/v1/sessions', { data: { customerRef, title } });
}

export async function mintLink(request: APIRequestContext, sessionId: string, role: 'customer' | 'viewer'): Promise<{ id: string; url: string; token: string }> {
  return json(request, `/api/v1/sessions/${sessionId}/links`, { data: { role, expiresInHours: 2 } });
}

/**
 * After a dispute was flagged at `flaggedAt`: how long until the ledger has it open (server side,
 * polled through finance's API) and until it appears in finance's queue on screen, measured apart.
 */
export async function measureFlagToFinance(finance: BrowserContext, queue: Locator, invoiceNumber: string, flaggedAt: number, timeoutMs: number) {
  const inLedger = (async () => {
    for (;;) {
      const open = (await (await finance.request.get('/api/v1/disputes?status=open')).json()) as { invoiceNumber: string }[];
      if (open.some((d) => d.invoiceNumber === invoiceNumber)) return Date.now() - flaggedAt;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const entry = queue.locator(`li[data-invoice="${invoiceNumber}"]`);
  await entry.waitFor({ timeout: timeoutMs });
  const flagToFinanceMs = Date.now() - flaggedAt;
  return { entry, flagToFinanceMs, flagToLedgerMs: await inLedger };
}
