/**
 * Concurrent payments on one invoice never over-apply: the executor locks the invoice rows it
 * applies to (`select … for update`) on PostgreSQL, and PGlite serialises transactions. Real
 * sockets: the app listens and the requests race over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

describe.each(databaseKinds())('concurrent payments on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
    cookie = (await t.loginAs('finance')).cookie;
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, key?: string) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });

  it('lets exactly as many explicit allocations through as the invoice has open', async () => {
    expect((await post('/customers', { ref: 'RACE', name: 'Race Co', currency: 'USD' })).status).toBe(201);
    expect((await post('/invoices', { customerRef: 'RACE', number: 'RACE-1', issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: 10_000 }] })).status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: 24 }, () => post('/payments', { customerRef: 'RACE', date: '2026-02-01', amount: 600, currency: 'USD', allocations: [{ invoiceNumber: 'RACE-1', amount: 600 }] })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(16);
    expect(statuses.filter((status) => status === 422)).toHaveLength(8);
    const invoice = await (await fetch(`${base}/invoices/RACE-1`, { headers: { cookie } })).json();
    expect(invoice.openAmount).toBe(400);
    const trial = await (await fetch(`${base}/ledger/trial-balance`, { headers: { cookie } })).json();
    expect(trial).toMatchObject({ balanced: true, invoicesOutOfStep: 0 });
  });

  it('posts one payment for many concurrent requests with the same Idempotency-Key', async () => {
    expect((await post('/invoices', { customerRef: 'RACE', number: 'RACE-2', issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: 5_000 }] })).status).toBe(201);
    const body = { customerRef: 'RACE', date: '2026-02-01', amount: 1_000, currency: 'USD', allocations: [{ invoiceNumber: 'RACE-2', amount: 1_000 }] };
    const responses = await Promise.all(Array.from({ length: 10 }, () => post('/payments', body, `race-key-${kind}`)));
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    expect(new Set(bodies.map((b: { id: string }) => b.id)).size).toBe(1);
    const invoice = await (await fetch(`${base}/invoices/RACE-2`, { headers: { cookie } })).json();
    expect(invoice.openAmount).toBe(4_000);
  });
});
