/**
 * The collections API's edges: templates (unknown variable rejected at save, named; preview),
 * cadences (overlapping steps rejected; a customer override wins), promises (past date, above
 * the open balance → 400; another owner's customer → 403), the outbox without SMTP, SMTP down
 * (queued, retried with backoff, sent exactly once when it is back), and the scheduler lease.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { addDays } from '../../../shared/time/dates.ts';
import { acquireLease, releaseLease } from '../../../server/collections/scheduler-lease.ts';
import { startSmtpSink } from './smtp-sink.ts';

const D0 = '2026-02-02';
const system = { actor: { kind: 'system' as const, name: 'test' }, requestId: 'collections-api-test' };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function seedCustomer(t: TestApp, ref: string, ownerId: string | null, dueInDays: number, amount = 10_000): Promise<string> {
  const row = await t.app.db
    .insertInto('customers')
    .values({ ref, name: `Customer ${ref}`, currency: 'USD', sales_owner_id: ownerId, credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: JSON.stringify([{ name: `AP ${ref}`, email: `ap@${ref.toLowerCase()}.example` }]) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const issued = await t.app.ledger.issueInvoice(system, { customerRef: ref, number: `${ref}-1`, issueDate: D0, dueDate: addDays(D0, dueInDays), currency: 'USD', lines: [{ description: 'Service', quantity: 1, unitPrice: amount }] });
  expect(issued.ok).toBe(true);
  return row.id;
}

describe.each(databaseKinds())('collections API on %s', (kind) => {
  let clock = new Date(`${D0}T08:00:00Z`);
  let t: TestApp;
  let finance: { cookie: string; userId: string };
  let sales: { cookie: string; userId: string };
  let otherSales: { cookie: string; userId: string };
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => clock });
    finance = await t.loginAs('finance');
    sales = await t.loginAs('sales');
    otherSales = await t.loginAs('sales');
    customerId = await seedCustomer(t, 'P', sales.userId, 2, 10_000);
  });
  afterAll(async () => t?.close());

  it('rejects a template with an unknown variable at save, naming it, and stores nothing', async () => {
    const before = (await t.app.inject({ url: '/api/v1/templates', headers: { cookie: finance.cookie } })).json().templates.length;
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/templates', headers: { cookie: finance.cookie }, payload: { name: 'Bad', level: 'firm', subject: 'Hi {{customerName}}', body: 'Pay by {{payBy}}' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: 'body', message: expect.stringContaining('{{payBy}}') });
    expect((await t.app.inject({ url: '/api/v1/templates', headers: { cookie: finance.cookie } })).json().templates).toHaveLength(before);
    const salesTry = await t.app.inject({ method: 'POST', url: '/api/v1/templates', headers: { cookie: sales.cookie }, payload: { name: 'Mine', level: 'firm', subject: 'x', body: 'y' } });
    expect(salesTry.statusCode).toBe(403);
  });

  it('previews a template on a real customer', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/templates', headers: { cookie: finance.cookie }, payload: { name: 'Short', level: 'friendly', subject: '{{customerName}} owes {{totalAmount}}', body: '{{invoiceList}}' } });
    expect(created.statusCode, created.body).toBe(201);
    const preview = await t.app.inject({ method: 'POST', url: '/api/v1/templates/preview', headers: { cookie: finance.cookie }, payload: { templateId: created.json().id, customerId, asOf: addDays(D0, 5) } });
    expect(preview.json()).toEqual({ to: 'ap@p.example', subject: 'Customer P owes 100.00 USD', body: `- P-1: 100.00 USD due ${addDays(D0, 2)} (3 days late)`, invoiceNumbers: ['P-1'] });
  });

  it('rejects overlapping cadence steps and unknown templates; a customer override wins', async () => {
    const templates = (await t.app.inject({ url: '/api/v1/templates', headers: { cookie: finance.cookie } })).json().templates as { id: string; name: string }[];
    const short = templates.find((template) => template.name === 'Short')!.id;
    const overlapping = await t.app.inject({ method: 'POST', url: '/api/v1/cadences', headers: { cookie: finance.cookie }, payload: { customerId, steps: [{ offsetDays: 1, templateId: short }, { offsetDays: 1, templateId: short }] } });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json()).toMatchObject({ field: 'steps.1.offsetDays', message: expect.stringContaining('overlap') });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/cadences', headers: { cookie: finance.cookie }, payload: { customerId, steps: [{ offsetDays: 1, templateId: '00000000-0000-4000-8000-000000000000' }] } });
    expect(unknown.json()).toMatchObject({ statusCode: 400, field: 'steps.0.templateId' });
    const override = await t.app.inject({ method: 'POST', url: '/api/v1/cadences', headers: { cookie: finance.cookie }, payload: { customerId, steps: [{ offsetDays: 3, templateId: short }] } });
    expect(override.statusCode, override.body).toBe(201);

    // Without SMTP the reminder lands in the outbox, visible there, only on the override's day.
    for (let n = 0; n <= 6; n++) {
      clock = new Date(`${addDays(D0, n)}T08:00:00Z`);
      await t.app.collections.run(addDays(D0, n));
    }
    const outbox = await t.app.inject({ url: `/api/v1/collections/outbox?customerId=${customerId}`, headers: { cookie: finance.cookie } });
    expect(outbox.json().map((mail: { subject: string; status: string; to: string }) => [mail.subject, mail.status, mail.to])).toEqual([['Customer P owes 100.00 USD', 'queued', 'ap@p.example']]);
    const log = await t.app.inject({ url: `/api/v1/collections/log?customerId=${customerId}&kind=reminder_queued`, headers: { cookie: finance.cookie } });
    expect(log.json().map((entry: { day: string; stepOffset: number }) => [entry.day, entry.stepOffset])).toEqual([[addDays(D0, 5), 3]]);
  });

  it('refuses a promise in the past, above the open balance, or for another owner’s customer', async () => {
    clock = new Date(`${addDays(D0, 6)}T08:00:00Z`);
    const cookie = await t.login((await t.app.db.selectFrom('users').select('email').where('id', '=', finance.userId).executeTakeFirstOrThrow()).email, 'correct horse battery');
    const post = (payload: object, as = cookie) => t.app.inject({ method: 'POST', url: '/api/v1/collections/promises', headers: { cookie: as }, payload });
    const past = await post({ customerId, invoiceNumbers: ['P-1'], amount: 5_000, date: addDays(D0, 5) });
    expect(past.json()).toMatchObject({ statusCode: 400, field: 'date' });
    const tooMuch = await post({ customerId, invoiceNumbers: ['P-1'], amount: 10_001, date: addDays(D0, 9) });
    expect(tooMuch.json()).toMatchObject({ statusCode: 400, field: 'amount' });
    const otherInvoice = await post({ customerId, invoiceNumbers: ['NOPE-1'], amount: 1, date: addDays(D0, 9) });
    expect(otherInvoice.json()).toMatchObject({ statusCode: 400, field: 'invoiceNumbers.0' });
    const otherOwner = await post({ customerId, invoiceNumbers: ['P-1'], amount: 1, date: addDays(D0, 9) }, await t.login((await t.app.db.selectFrom('users').select('email').where('id', '=', otherSales.userId).executeTakeFirstOrThrow()).email, 'correct horse battery'));
    expect(otherOwner.statusCode).toBe(403);
    const good = await post({ customerId, invoiceNumbers: ['P-1'], amount: 10_000, date: addDays(D0, 9), note: 'Paying Friday' });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json()).toMatchObject({ amount: 10_000, currency: 'USD', status: 'open', invoiceNumbers: ['P-1'] });
    expect((await t.app.db.selectFrom('promises').select('id').execute()).length).toBe(1);
  });

  it('lets only one run work at a time (database lease), whichever instance holds it', async () => {
    // Another instance mid-run holds the lease: this one stands aside, then runs once it is free.
    // (Two runs started together are no test of this: the first may finish before the second asks.)
    expect(await acquireLease(t.app.db, 'collections-scheduler', 'another-instance', 60_000)).toBe(true);
    expect(await t.app.collections.run(addDays(D0, 7))).toEqual({ ran: false, reason: 'busy' });
    await releaseLease(t.app.db, 'collections-scheduler', 'another-instance');
    const [a, b] = await Promise.all([t.app.collections.run(addDays(D0, 7)), t.app.collections.run(addDays(D0, 7))]);
    expect([a, b].some((report) => report.ran)).toBe(true);
    expect(await t.app.db.selectFrom('collection_leases').selectAll().execute()).toEqual([]);
  });
});

describe.each(databaseKinds())('SMTP down on %s', (kind) => {
  it('keeps the message queued, retries with backoff and sends it exactly once when SMTP is back', async () => {
    const port = await freePort();
    let clock = new Date(`${D0}T08:00:00Z`);
    const t = await startTestApp(kind, { now: () => clock, smtpUrl: `smtp://127.0.0.1:${port}` });
    try {
      await seedCustomer(t, 'Q', null, 3);
      const first = await t.app.collections.run(D0);
      expect(first).toMatchObject({ ran: true, reminders: 1, delivery: { sent: 0, failed: 1 } });
      const [row] = await t.app.db.selectFrom('mail_outbox').selectAll().execute();
      expect(row).toMatchObject({ status: 'queued', attempts: 1 });
      expect(row!.last_error).toBeTruthy();
      expect(row!.next_attempt_at.getTime() - clock.getTime()).toBe(60_000);

      const smtp = await startSmtpSink(port);
      try {
        clock = new Date(clock.getTime() + 30_000); // before the backoff: not retried yet
        expect(await t.app.collections.deliver()).toEqual({ sent: 0, failed: 0, cancelled: 0 });
        clock = new Date(clock.getTime() + 31_000);
        expect(await t.app.collections.deliver()).toEqual({ sent: 1, failed: 0, cancelled: 0 });
        clock = new Date(clock.getTime() + 3_600_000);
        expect(await t.app.collections.deliver()).toEqual({ sent: 0, failed: 0, cancelled: 0 });
        expect(await t.app.collections.run(D0)).toMatchObject({ reminders: 0 });
        expect(smtp.received.map((mail) => mail.to)).toEqual([['ap@q.example']]);
        const [sent] = await t.app.db.selectFrom('mail_outbox').selectAll().execute();
        expect(sent).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
      } finally {
        await smtp.close();
      }
    } finally {
      await t.close();
    }
  });

  it('cancels a queued reminder whose invoice was paid before SMTP came back', async () => {
    const port = await freePort();
    let clock = new Date(`${D0}T08:00:00Z`);
    const t = await startTestApp(kind, { now: () => clock, smtpUrl: `smtp://127.0.0.1:${port}` });
    try {
      await seedCustomer(t, 'R', null, 3);
      expect(await t.app.collections.run(D0)).toMatchObject({ reminders: 1, delivery: { failed: 1 } });
      expect((await t.app.ledger.receivePayment(system, { customerRef: 'R', date: D0, amount: 10_000, currency: 'USD' })).ok).toBe(true);
      const smtp = await startSmtpSink(port);
      try {
        clock = new Date(clock.getTime() + 120_000);
        expect(await t.app.collections.deliver()).toEqual({ sent: 0, failed: 0, cancelled: 1 });
        expect(smtp.received).toEqual([]);
      } finally {
        await smtp.close();
      }
    } finally {
      await t.close();
    }
  });
});
