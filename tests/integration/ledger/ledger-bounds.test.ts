/** Inputs the schemas let through but the ledger must refuse: cash moved before it existed, totals beyond a safe integer, as-of dates before 1900. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

describe.each(databaseKinds())('ledger input bounds on %s', (kind) => {
  let t: TestApp;
  let finance: string;
  let seq = 0;

  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: { cookie: finance } });
  const get = (url: string) => t.app.inject({ url: `/api/v1${url}`, headers: { cookie: finance } });
  const entryCount = async () => Number((await t.app.db.selectFrom('journal_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const invoiceCount = async () => Number((await t.app.db.selectFrom('invoices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function newCustomer() {
    const ref = `B${++seq}`;
    const response = await post('/customers', { ref, name: `Bounds ${ref}`, currency: 'USD', salesOwnerId: null, creditLimit: 1_000_000, paymentTermsDays: 30, contacts: [{ name: 'AP', email: 'ap@example.com' }] });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; ref: string };
  }

  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => new Date('2026-06-01T12:00:00Z') });
    finance = (await t.loginAs('finance')).cookie;
  });
  afterAll(() => t.close());

  it('refuses to apply, unapply or refund a payment on a date before the payment was received, posting nothing', async () => {
    const customer = await newCustomer();
    const payment = await post('/payments', { customerRef: customer.ref, date: '2025-06-01', amount: 5_000, currency: 'USD' });
    expect(payment.statusCode, payment.body).toBe(201);
    expect(payment.json()).toMatchObject({ unapplied: 5_000, allocations: [] });
    const paymentId = payment.json().id as string;
    // Issued after the payment arrived but backdated, so the cash is still unapplied when it is applied.
    const invoice = await post('/invoices', { customerRef: customer.ref, number: `INV-B${++seq}`, issueDate: '2024-11-01', lines: [{ description: 'Kit', quantity: 1, unitPrice: 5_000 }] });
    expect(invoice.statusCode, invoice.body).toBe(201);
    const entriesBefore = await entryCount();

    const earlyApply = await post(`/payments/${paymentId}/apply`, { date: '2025-01-02' });
    expect(earlyApply.statusCode, earlyApply.body).toBe(400);
    expect(earlyApply.json()).toMatchObject({ code: 'validation', field: 'date' });
    const earlyRefund = await post(`/payments/${paymentId}/refunds`, { amount: 1_000, date: '2024-12-01' });
    expect(earlyRefund.statusCode, earlyRefund.body).toBe(400);
    expect(earlyRefund.json()).toMatchObject({ code: 'validation', field: 'date' });
    expect(await entryCount()).toBe(entriesBefore);

    const applied = await post(`/payments/${paymentId}/apply`, { date: '2025-06-01' });
    expect(applied.statusCode, applied.body).toBe(201);
    const entriesAfterApply = await entryCount();
    const earlyUnapply = await post(`/payments/${paymentId}/unapply`, { invoiceNumber: invoice.json().number, amount: 1_000, date: '2025-01-01' });
    expect(earlyUnapply.statusCode, earlyUnapply.body).toBe(400);
    expect(earlyUnapply.json()).toMatchObject({ code: 'validation', field: 'date' });
    expect(await entryCount()).toBe(entriesAfterApply);
    expect((await get(`/payments/${paymentId}`)).json()).toMatchObject({ unapplied: 0 });
  });

  it('refuses an invoice whose line or total would pass Number.MAX_SAFE_INTEGER, storing nothing', async () => {
    const customer = await newCustomer();
    const invoicesBefore = await invoiceCount();
    const entriesBefore = await entryCount();
    const issue = (lines: object[]) => post('/invoices', { customerRef: customer.ref, number: `INV-B${++seq}`, issueDate: '2026-01-10', lines });

    const hugeLine = await issue([{ description: 'Kit', quantity: 1_000_000_000, unitPrice: 9_000_000_000_000_000 }]);
    expect(hugeLine.statusCode, hugeLine.body).toBe(400);
    expect(hugeLine.json()).toMatchObject({ code: 'validation', field: 'lines.0.unitPrice' });
    const lineJustOver = await issue([{ description: 'Kit', quantity: 3, unitPrice: 9e15 }]);
    expect(lineJustOver.statusCode, lineJustOver.body).toBe(400);
    expect(lineJustOver.json()).toMatchObject({ field: 'lines.0.unitPrice' });
    const totalOver = await issue([
      { description: 'Kit', quantity: 1, unitPrice: 5e15 },
      { description: 'Kit', quantity: 1, unitPrice: 5e15 },
    ]);
    expect(totalOver.statusCode, totalOver.body).toBe(400);
    expect(totalOver.json()).toMatchObject({ code: 'validation', field: 'lines' });

    expect(await invoiceCount()).toBe(invoicesBefore);
    expect(await entryCount()).toBe(entriesBefore);
  });

  it('refuses as-of dates before 1900 with a 400 naming asOf', async () => {
    for (const asOf of ['0001-01-01', '0099-06-01', '1899-12-31']) {
      for (const url of [`/metrics?asOf=${asOf}`, `/metrics/payers?asOf=${asOf}`]) {
        const response = await get(url);
        expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
        expect(response.json()).toMatchObject({ code: 'validation', field: 'asOf' });
      }
    }
    expect((await get('/metrics?asOf=1900-01-01')).statusCode).toBe(200);
    expect((await get('/metrics?asOf=9999-12-31')).statusCode).toBe(200);
  });
});
