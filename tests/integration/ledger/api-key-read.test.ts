import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

describe.each(databaseKinds())('ledger reads with an API key on %s', (kind) => {
  let t: TestApp;
  let finance: string;
  let readKey: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => new Date('2026-06-01T12:00:00Z') });
    finance = (await t.loginAs('finance')).cookie;
    const admin = (await t.loginAs('admin')).cookie;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: admin }, payload: { name: 'ERP read', scopes: ['read'] } });
    expect(created.statusCode).toBe(201);
    readKey = created.json().key;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { cookie: finance }, payload: { ref: 'K-1', name: 'Key Customer', currency: 'USD' } })).statusCode).toBe(201);
    const invoice = await t.app.inject({ method: 'POST', url: '/api/v1/invoices', headers: { cookie: finance }, payload: { customerRef: 'K-1', number: 'K-INV-1', issueDate: '2026-05-01', lines: [{ description: 'Kit', quantity: 1, unitPrice: 5_000 }] } });
    expect(invoice.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const bearer = () => ({ authorization: `Bearer ${readKey}` });

  it('lists every customer and invoice with a read key', async () => {
    const invoices = await t.app.inject({ url: '/api/v1/invoices', headers: bearer() });
    expect(invoices.statusCode, invoices.body).toBe(200);
    expect(invoices.json()).toEqual([expect.objectContaining({ number: 'K-INV-1', customerRef: 'K-1', openAmount: 5_000 })]);
    const customers = await t.app.inject({ url: '/api/v1/customers', headers: bearer() });
    expect(customers.statusCode).toBe(200);
    expect(customers.json().map((customer: { ref: string }) => customer.ref)).toEqual(['K-1']);
  });

  it('cannot post a payment with a read key (403, nothing stored)', async () => {
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/payments', headers: { ...bearer(), 'idempotency-key': 'read-key-pay' },
      payload: { customerRef: 'K-1', date: '2026-05-20', amount: 1_000, currency: 'USD' },
    });
    expect(response.statusCode).toBe(403);
    expect(await t.app.db.selectFrom('payments').select('id').execute()).toEqual([]);
    expect((await t.app.ledger.findInvoice('K-INV-1'))?.openAmount).toBe(5_000);
  });
});
