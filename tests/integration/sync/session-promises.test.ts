/**
 * A promise-to-pay written into a live session document by the customer on their link is
 * recorded by the same recorder as the API's (collections): valid → `recorded` with the promise
 * id and listed by /collections/promises; above the open balance → `rejected` with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPromise, sessionMaps } from '../../../shared/doc/index.ts';
import { addDays, utcDate } from '../../../shared/time/dates.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices, join, listen, sessionWithLinks, waitFor, type Participant } from './sync-fixtures.ts';

describe.each(databaseKinds())('promises from session documents on %s', (kind) => {
  let t: TestApp;
  let ws: string;
  const participants: Participant[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind);
    ws = await listen(t.app);
  });
  afterAll(async () => {
    for (const p of participants) p.destroy();
    await t.close();
  });

  it('records a customer-link promise through the collections recorder, and rejects one above the open balance', async () => {
    const finance = await t.loginAs('finance');
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId, mint } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const link = await mint('customer');
    const view = join(ws, sessionId, 'shared', { token: link.token });
    participants.push(view);
    await view.synced;

    const date = addDays(utcDate(new Date()), 10);
    requestPromise(view.doc, { id: 'p-ok', invoiceNumbers: customer.invoiceNumbers, amount: 100_00, date, by: 'Customer' });
    requestPromise(view.doc, { id: 'p-too-much', invoiceNumbers: customer.invoiceNumbers, amount: 999_00, date, by: 'Customer' });

    const recorded = await waitFor(() => {
      const entry = sessionMaps(view.doc).promises.get('p-ok');
      return entry?.status === 'recorded' ? entry : undefined;
    }, 10_000, 'promise recorded');
    const rejected = await waitFor(() => {
      const entry = sessionMaps(view.doc).promises.get('p-too-much');
      return entry?.status === 'rejected' ? entry : undefined;
    }, 10_000, 'promise rejected');
    expect(rejected.rejection).toMatch(/open|balance|amount/i);

    const listed = await t.app.inject({ url: `/api/v1/collections/promises?customerId=${customer.id}`, headers: { cookie: finance.cookie } });
    expect(listed.statusCode).toBe(200);
    const promises = listed.json() as { id: string; amount: number; date: string }[];
    expect(promises).toEqual([expect.objectContaining({ id: recorded.promiseId, amount: 100_00, date })]);
  });
});
