/**
 * A 90-day simulated-clock run of the collections job on a hand-built ledger, with mail going
 * over real SMTP to an in-process server: exact reminder counts per customer, grouping, nothing
 * to paid / disputed / promised invoices, escalation after the 3rd unanswered reminder to the
 * right sales owner, a broken promise escalating, hold and release, a terms mismatch caught
 * before the first reminder, and a rerun of a day writing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { addDays } from '../../../shared/time/dates.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { createSubscription } from '../../../server/webhooks/webhook-repository.ts';

const D0 = '2026-01-05';
const system = { actor: { kind: 'system' as const, name: 'test' }, requestId: 'collections-test' };
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '');

describe.each(databaseKinds())('collections over 90 days on %s', (kind) => {
  let smtp: SmtpSink;
  let t: TestApp;
  let clock = new Date(`${D0}T09:00:00Z`);
  let finance: { cookie: string; userId: string; email: string };
  let salesOne: { userId: string; email: string };
  let salesTwo: { userId: string; email: string };
  const customerIds = new Map<string, string>();
  const runs: Record<string, number>[] = [];

  const day = (n: number) => addDays(D0, n);
  const setDay = (n: number) => {
    clock = new Date(`${day(n)}T09:00:00Z`);
  };
  const mailsTo = (email: string) => smtp.received.filter((mail) => mail.to.includes(email));
  const contact = (ref: string) => `ap@${ref.toLowerCase()}.example`;

  async function addCustomer(ref: string, ownerId: string, creditLimit = 0): Promise<void> {
    const row = await t.app.db
      .insertInto('customers')
      .values({ ref, name: `Customer ${ref}`, currency: 'USD', sales_owner_id: ownerId, credit_limit: BigInt(creditLimit), payment_terms_days: 30, segment: 'standard', contacts: JSON.stringify([{ name: `AP ${ref}`, email: contact(ref) }]) })
      .returning('id')
      .executeTakeFirstOrThrow();
    customerIds.set(ref, row.id);
  }

  async function invoice(ref: string, number: string, issueDate: string, dueDate: string, amount: number, description = 'Service'): Promise<void> {
    const result = await t.app.ledger.issueInvoice(system, { customerRef: ref, number, issueDate, dueDate, currency: 'USD', lines: [{ description, quantity: 1, unitPrice: amount }] });
    expect(result.ok, JSON.stringify(result)).toBe(true);
  }

  async function pay(ref: string, number: string, amount: number, date: string): Promise<void> {
    const result = await t.app.ledger.receivePayment(system, { customerRef: ref, date, amount, currency: 'USD', allocations: [{ invoiceNumber: number, amount }] });
    expect(result.ok, JSON.stringify(result)).toBe(true);
  }

  /** The job itself, as the server's loop calls it. */
  async function runDirect(n: number): Promise<Record<string, number>> {
    setDay(n);
    return (await t.app.collections.run(day(n))) as unknown as Record<string, number>;
  }

  /** Through the API, as tests and demos drive it. */
  async function run(n: number): Promise<Record<string, number>> {
    setDay(n);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/collections/run', headers: { cookie: finance.cookie }, payload: { asOf: day(n) } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp(kind, { now: () => clock, smtpUrl: smtp.url, publicUrl: 'https://cashlens.test' });
    finance = await t.loginAs('finance');
    salesOne = await t.loginAs('sales');
    salesTwo = await t.loginAs('sales');

    // Nothing listens there: the test reads the outbox, not the deliveries.
    await createSubscription(t.app.db, { url: 'https://hooks.cashlens.test/collections', events: ['promise.broken', 'customer.on_hold', 'escalation.created'], createdBy: finance.userId });

    await addCustomer('A', salesOne.userId); // pays before the due date
    await addCustomer('B', salesOne.userId); // never pays: grouped reminders, then escalation
    await addCustomer('C', salesOne.userId); // disputes
    await addCustomer('D', salesTwo.userId); // promises, breaks it
    await addCustomer('E', salesTwo.userId, 10_000); // over its credit limit, pays part
    await addCustomer('F', salesTwo.userId); // invoice contradicts negotiated terms
    await addCustomer('H', salesTwo.userId); // 70 days late at the start, pays on day 20

    await invoice('A', 'A-1', day(0), day(10), 50_000);
    await invoice('B', 'B-1', day(0), day(5), 20_000);
    await invoice('B', 'B-2', day(0), day(12), 30_000);
    await invoice('C', 'C-1', day(0), day(5), 40_000);
    await invoice('D', 'D-1', day(0), day(5), 25_000);
    await invoice('E', 'E-1', day(0), day(30), 15_000);
    await invoice('F', 'F-1', day(0), day(30), 9_500, 'Widget'); // negotiated: 10,000 less 10 % = 9,000
    await invoice('H', 'H-1', day(-100), day(-70), 7_000);
    expect((await t.app.ledger.openDispute(system, { invoiceNumber: 'C-1', reason: 'pricing', note: 'Wrong price', openedOn: day(0) })).ok).toBe(true);

    const terms = await t.app.inject({
      method: 'PUT', url: `/api/v1/collections/customers/${customerIds.get('F')}/terms`, headers: { cookie: finance.cookie },
      payload: { paymentTermsDays: 45, discountPercent: 10, listPrices: { Widget: 10_000 }, notes: 'Net 45, 10 % off widgets' },
    });
    expect(terms.statusCode, terms.body).toBe(200);

    for (let n = 0; n < 90; n++) {
      if (n === 3) {
        setDay(3);
        const promise = await t.app.inject({ method: 'POST', url: '/api/v1/collections/promises', headers: { cookie: finance.cookie }, payload: { customerId: customerIds.get('D'), invoiceNumbers: ['D-1'], amount: 25_000, date: day(20) } });
        expect(promise.statusCode, promise.body).toBe(201);
      }
      if (n === 8) await pay('A', 'A-1', 50_000, day(8));
      if (n === 10) await pay('E', 'E-1', 6_000, day(10));
      if (n === 20) await pay('H', 'H-1', 7_000, day(20));
      runs.push(n === 0 ? await run(n) : await runDirect(n));
    }
    // Staff sessions expire on the simulated clock: log in again on the last day.
    finance = { ...finance, cookie: await t.login(finance.email, 'correct horse battery') };
  }, 240_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends the exact number of reminders to each customer, over SMTP', () => {
    const counts = Object.fromEntries(['A', 'B', 'C', 'D', 'E', 'F', 'H'].map((ref) => [ref, mailsTo(contact(ref)).length]));
    expect(counts).toEqual({ A: 1, B: 5, C: 0, D: 1, E: 3, F: 0, H: 1 });
    expect(runs.reduce((sum, report) => sum + report.reminders!, 0)).toBe(11);
    expect(mailsTo(contact('A'))[0]!.subject).toContain('Upcoming payment');
    expect(mailsTo(contact('H'))[0]!.subject).toContain('Final notice');
    expect(mailsTo(contact('B'))[0]!.messageId).toMatch(/@cashlens>$/);
  });

  it('groups a customer’s overdue invoices into one message', () => {
    const bodies = mailsTo(contact('B')).map((mail) => decoded(mail.raw));
    expect(bodies.map((body) => [body.includes('B-1'), body.includes('B-2')])).toEqual([
      [true, false], // day 2: B-1 forewarning
      [true, false], // day 6: B-1 first reminder
      [true, true], // day 9: B-2 forewarning, B-1 overdue listed too
      [true, false], // day 12: B-1 firm (B-2 due today, not overdue yet)
      [true, true], // day 13: B-2 first reminder with B-1
    ]);
  });

  it('sends nothing about paid, disputed or promised invoices', async () => {
    const all = smtp.received.map((mail) => decoded(mail.raw));
    expect(all.filter((body) => body.includes('C-1'))).toEqual([]);
    expect(all.filter((body) => body.includes('A-1'))).toHaveLength(1);
    expect(all.filter((body) => body.includes('D-1') && !body.includes('Broken'))).toHaveLength(1);
    const skipped = await t.app.inject({ url: `/api/v1/collections/log?customerId=${customerIds.get('C')}&kind=reminder_skipped`, headers: { cookie: finance.cookie } });
    expect(skipped.json().map((entry: { day: string; reason: string }) => [entry.day, entry.reason])).toEqual([2, 6, 12, 19, 26].map((n) => [day(n), 'disputed']));
    const promised = await t.app.inject({ url: `/api/v1/collections/log?customerId=${customerIds.get('D')}&kind=reminder_skipped`, headers: { cookie: finance.cookie } });
    expect(promised.json().map((entry: { day: string; reason: string }) => [entry.day, entry.reason])).toEqual([
      [day(6), 'promised'], [day(12), 'promised'], [day(19), 'promised'], [day(26), 'paused'],
    ]);
  });

  it('escalates after the 3rd unanswered reminder to the customer’s sales owner and pauses mail', async () => {
    const tasks = await t.app.inject({ url: '/api/v1/tasks?status=open', headers: { cookie: finance.cookie } });
    const escalations = tasks.json().filter((task: { kind: string }) => task.kind === 'escalation');
    expect(escalations.map((task: { customerRef: string; assigneeId: string; invoiceNumber: string; createdAt: string; details: { invoiceNumbers: string[] } }) => [task.customerRef, task.assigneeId, task.details.invoiceNumbers])).toEqual([
      ['B', salesOne.userId, ['B-1']],
      ['E', salesTwo.userId, ['E-1']],
    ]);
    const log = await t.app.inject({ url: `/api/v1/collections/log?customerId=${customerIds.get('B')}&kind=escalated`, headers: { cookie: finance.cookie } });
    expect(log.json().map((entry: { day: string }) => entry.day)).toEqual([day(15)]);
    expect(mailsTo(salesOne.email).map((mail) => mail.subject)).toEqual([expect.stringContaining('Escalation: Customer B')]);
    const status = await t.app.inject({ url: `/api/v1/collections/customers/${customerIds.get('B')}`, headers: { cookie: finance.cookie } });
    expect(status.json()).toMatchObject({ escalated: true });
    const mine = await t.login(salesOne.email, 'correct horse battery');
    setDay(15);
    const today = await t.app.inject({ url: '/api/v1/tasks/today', headers: { cookie: mine } });
    expect(today.json().map((task: { customerRef: string }) => task.customerRef)).toEqual([]);
    setDay(17);
    const later = await t.app.inject({ url: '/api/v1/tasks/today', headers: { cookie: mine } });
    expect(later.json().map((task: { customerRef: string; kind: string }) => [task.customerRef, task.kind])).toEqual([['B', 'escalation']]);
  });

  it('turns a broken promise into a task for the sales owner', async () => {
    const tasks = await t.app.inject({ url: `/api/v1/tasks?customerId=${customerIds.get('D')}`, headers: { cookie: finance.cookie } });
    expect(tasks.json().map((task: { kind: string; assigneeId: string; dueDate: string }) => [task.kind, task.assigneeId, task.dueDate])).toEqual([['broken_promise', salesTwo.userId, day(21)]]);
    const promises = await t.app.inject({ url: `/api/v1/collections/promises?customerId=${customerIds.get('D')}`, headers: { cookie: finance.cookie } });
    expect(promises.json().map((promise: { status: string }) => promise.status)).toEqual(['broken']);
  });

  it('holds and releases on the credit limit and on 61+ days overdue, visible as onHold/holdReason', async () => {
    const logOf = async (ref: string) =>
      (await t.app.inject({ url: `/api/v1/collections/log?customerId=${customerIds.get(ref)}`, headers: { cookie: finance.cookie } }))
        .json()
        .filter((entry: { kind: string }) => ['hold', 'release', 'limit_alert'].includes(entry.kind))
        .map((entry: { day: string; kind: string; reason: string | null }) => [entry.day, entry.kind, entry.reason]);
    expect(await logOf('E')).toEqual([[day(0), 'hold', 'credit_limit'], [day(0), 'limit_alert', 'limit_100'], [day(10), 'release', null], [day(10), 'limit_alert', 'limit_80']]);
    expect(await logOf('H')).toEqual([[day(0), 'hold', 'overdue_61'], [day(20), 'release', null]]);
    const status = await t.app.inject({ url: `/api/v1/collections/customers/${customerIds.get('E')}`, headers: { cookie: finance.cookie } });
    expect(status.json()).toMatchObject({ onHold: false, holdReason: null, limitAlert: 'limit_80' });
    expect(runs[0]).toMatchObject({ holds: 2 });
    expect(mailsTo(salesTwo.email).map((mail) => mail.subject)).toEqual(expect.arrayContaining([expect.stringContaining('100 % of its credit limit'), expect.stringContaining('80 % of its credit limit')]));
  });

  it('flags a terms mismatch to finance before the first reminder', async () => {
    const tasks = await t.app.inject({ url: `/api/v1/tasks?customerId=${customerIds.get('F')}`, headers: { cookie: finance.cookie } });
    const [task] = tasks.json();
    expect(task).toMatchObject({ kind: 'terms_mismatch', assigneeId: finance.userId, invoiceNumber: 'F-1', dueDate: day(0) });
    expect(task.details.mismatches.map((mismatch: { field: string }) => mismatch.field)).toEqual(['paymentTerms', 'amount']);
    const skipped = await t.app.inject({ url: `/api/v1/collections/log?customerId=${customerIds.get('F')}&kind=reminder_skipped`, headers: { cookie: finance.cookie } });
    expect(skipped.json()[0]).toMatchObject({ day: day(27), reason: 'terms_mismatch' });
  });

  it('writes promise.broken, customer.on_hold and escalation.created to the webhook outbox with the run', async () => {
    const rows = await t.app.db.selectFrom('webhook_deliveries').select(['event', 'payload']).orderBy('created_at').execute();
    const seen = rows.map((row) => [row.event, (row.payload as { data: { customerId: string } }).data.customerId]);
    const ref = (id: string) => [...customerIds].find(([, candidate]) => candidate === id)![0];
    expect(seen.map(([event, customerId]) => `${event} ${ref(customerId!)}`).sort()).toEqual([
      // B, C and D reach 61+ days overdue late in the run.
      'customer.on_hold B', 'customer.on_hold C', 'customer.on_hold D', 'customer.on_hold E', 'customer.on_hold H', 'escalation.created B', 'escalation.created E', 'promise.broken D',
    ]);
  });

  it('writes nothing new when a day runs again', async () => {
    const before = smtp.received.length;
    const again = await run(89);
    expect(again).toMatchObject({ ran: true, reminders: 0, skipped: 0, escalations: 0, holds: 0, releases: 0, customersWithWork: 0 });
    expect(smtp.received.length).toBe(before);
  });
});
