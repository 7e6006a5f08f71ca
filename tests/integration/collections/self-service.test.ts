/**
 * Customer self-service through the share link and the rules it feeds: statement download as
 * CSV and PDF (only the link's customer, open and paid invoices), "message the team" (length
 * limited, viewer refused, logged, one follow-up task for the sales owner or finance, shown in the
 * customer detail), a reply holding back escalation until reminders after it go unanswered, and
 * the configurable 61+-days hold threshold (company setting, customer override, validated).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices, sessionWithLinks } from '../sync/sync-fixtures.ts';
import { addDays } from '../../../shared/time/dates.ts';

const system = { actor: { kind: 'system' as const, name: 'test' }, requestId: 'self-service-test' };
const DUE = '2026-10-31';

/** Every xref entry must point at its "n 0 obj": what a PDF reader relies on first. */
function checkPdfStructure(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF-1.4\n')).toBe(true);
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)![1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const [, count] = /^xref\n0 (\d+)\n/.exec(text.slice(startxref))!;
  const entries = text.slice(startxref).split('\n').slice(3, 2 + Number(count));
  entries.forEach((entry, index) => expect(text.slice(Number(entry.slice(0, 10)), Number(entry.slice(0, 10)) + 12)).toMatch(new RegExp(`^${index + 1} 0 obj`)));
  for (const match of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) expect(text.slice(match.index! + match[0].length + Number(match[1]), match.index! + match[0].length + Number(match[1]) + 10)).toBe('\nendstream');
  return text;
}

describe.each(databaseKinds())('customer self-service on %s', (kind) => {
  let clock = new Date('2026-10-20T09:00:00Z');
  let t: TestApp;
  let finance: { cookie: string; userId: string; email: string };
  let sales: { cookie: string; userId: string; email: string };

  async function customerWithContact(ref: string, ownerId: string | null): Promise<string> {
    const row = await t.app.db
      .insertInto('customers')
      .values({ ref, name: `Customer ${ref}`, currency: 'USD', sales_owner_id: ownerId, credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: JSON.stringify([{ name: `AP ${ref}`, email: `ap@${ref.toLowerCase()}.example` }]) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const issued = await t.app.ledger.issueInvoice(system, { customerRef: ref, number: `${ref}-1`, issueDate: '2026-10-01', dueDate: DUE, currency: 'USD', lines: [{ description: 'Service', quantity: 1, unitPrice: 10_000 }] });
    expect(issued.ok).toBe(true);
    return row.id;
  }

  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => clock });
    finance = await t.loginAs('finance');
    sales = await t.loginAs('sales');
  });
  afterAll(async () => t?.close());

  it('downloads the statement as CSV and PDF with only the link’s customer’s invoices, open and paid', async () => {
    const customer = await customerWithInvoices(t, { invoices: 2 });
    const other = await customerWithInvoices(t, { invoices: 1 });
    expect((await t.app.ledger.receivePayment(system, { customerRef: customer.ref, date: '2026-10-15', amount: 125_00, currency: 'USD' })).ok).toBe(true);
    const { mint } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const link = await mint('viewer');
    const bearer = { authorization: `Bearer ${link.token}` };

    const csv = await t.app.inject({ url: '/api/v1/portal/statement.csv', headers: bearer });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="statement-${customer.ref}-2026-10-20.csv"`);
    const rows = csv.body.trimEnd().split('\r\n');
    expect(rows[0]).toBe('invoice_number,issue_date,due_date,currency,amount,open_amount,status,disputed,days_late');
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 1).concat(row.split(',').slice(4, 7)))).toEqual([
      [customer.invoiceNumbers[0], '125.00', '0.00', 'paid'],
      [customer.invoiceNumbers[1], '250.00', '250.00', 'open'],
    ]);
    expect(csv.body).not.toContain(other.invoiceNumbers[0]);

    const pdf = await t.app.inject({ url: `/api/v1/portal/statement.pdf?token=${encodeURIComponent(link.token)}` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = checkPdfStructure(pdf.rawPayload);
    for (const number of customer.invoiceNumbers) expect(text).toContain(`(${number}`);
    expect(text).toContain('Open 250.00 USD, of which overdue 0.00 USD');
    expect(text).not.toContain(other.invoiceNumbers[0]);

    expect((await t.app.inject({ url: '/api/v1/portal/statement.pdf', headers: { cookie: finance.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/portal/statement.csv' })).statusCode).toBe(401);
  });

  it('takes a customer’s message into the log and one follow-up task for the sales owner; refuses viewers and bad bodies', async () => {
    const customer = await customerWithInvoices(t, { salesOwnerId: sales.userId, invoices: 1 });
    const orphan = await customerWithInvoices(t, { invoices: 1 });
    const { mint } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const customerLink = { authorization: `Bearer ${(await mint('customer')).token}` };
    const viewerLink = { authorization: `Bearer ${(await mint('viewer')).token}` };
    const send = (headers: Record<string, string>, payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/portal/messages', headers, payload: payload as object });

    expect((await send(viewerLink, { body: 'Hello' })).statusCode).toBe(403);
    expect((await send(customerLink, { body: '   ' })).json()).toMatchObject({ statusCode: 400, field: 'body' });
    expect((await send(customerLink, { body: 'x'.repeat(2001) })).json()).toMatchObject({ statusCode: 400, field: 'body' });
    expect((await send(customerLink, { body: 'Hi', customerId: orphan.id })).statusCode).toBe(400);
    expect(await t.app.db.selectFrom('communication_log').select('id').where('kind', '=', 'customer_message').execute()).toEqual([]);

    const first = await send(customerLink, { body: 'We paid INV last week, can you check?' });
    expect(first.statusCode, first.body).toBe(201);
    expect((await send(customerLink, { body: 'Remittance advice attached to our mail.' })).statusCode).toBe(201);

    const tasks = (await t.app.inject({ url: `/api/v1/tasks?customerId=${customer.id}`, headers: { cookie: sales.cookie } })).json();
    const list = (Array.isArray(tasks) ? tasks : tasks.tasks) as { kind: string; assigneeId: string; status: string; details: { messages: { body: string }[] } }[];
    expect(list.map((task) => [task.kind, task.assigneeId, task.status])).toEqual([['follow_up', sales.userId, 'open']]);
    expect(list[0]!.details.messages.map((message) => message.body)).toEqual(['We paid INV last week, can you check?', 'Remittance advice attached to our mail.']);

    const detail = (await t.app.inject({ url: `/api/v1/collections/customers/${customer.id}`, headers: { cookie: sales.cookie } })).json();
    expect(detail.messages.map((message: { body: string }) => message.body)).toEqual(['Remittance advice attached to our mail.', 'We paid INV last week, can you check?']);
    const log = (await t.app.inject({ url: `/api/v1/collections/log?customerId=${customer.id}&kind=customer_message`, headers: { cookie: finance.cookie } })).json();
    expect(log).toHaveLength(2);

    // No sales owner: finance gets it.
    const orphanLink = { authorization: `Bearer ${(await (await sessionWithLinks(t, finance.cookie, orphan.ref)).mint('customer')).token}` };
    expect((await send(orphanLink, { body: 'Who do I talk to?' })).statusCode).toBe(201);
    const orphanTasks = await t.app.db.selectFrom('tasks').select(['assignee_id', 'kind']).where('customer_id', '=', orphan.id).execute();
    expect(orphanTasks).toEqual([{ assignee_id: finance.userId, kind: 'follow_up' }]);
  });

  it('escalates a customer who replied only after reminders sent since the reply go unanswered', async () => {
    clock = new Date('2026-10-27T09:00:00Z');
    const silentId = await customerWithContact('SILENT', sales.userId);
    const replyingId = await customerWithContact('REPLYING', sales.userId);
    const link = await (await sessionWithLinks(t, finance.cookie, 'REPLYING')).mint('customer', 24 * 60);
    const escalatedOn = async (customerId: string) => (await t.app.db.selectFrom('communication_log').select('day').where('customer_id', '=', customerId).where('kind', '=', 'escalated').execute()).map((row) => row.day);

    for (let day = '2026-10-27'; day <= '2026-11-26'; day = addDays(day, 1)) {
      clock = new Date(`${day}T09:00:00Z`);
      if (day === '2026-11-03') {
        // After the reminders of 28 Oct and 1 Nov.
        const reply = await t.app.inject({ method: 'POST', url: '/api/v1/portal/messages', headers: { authorization: `Bearer ${link.token}` }, payload: { body: 'Our payment run is on the 20th.' } });
        expect(reply.statusCode).toBe(201);
      }
      await t.app.collections.run(day);
    }
    // Cadence −3, +1, +7, +14, +21 around 31 Oct; 3 grace days after the 3rd unanswered reminder.
    expect(await escalatedOn(silentId)).toEqual(['2026-11-10']);
    expect(await escalatedOn(replyingId)).toEqual(['2026-11-24']);
  });

  it('holds above a configurable threshold: company setting, customer override, validated, shown', async () => {
    // Simulated months outlive login sessions: log in again whenever the clock jumps.
    const relogin = async () => {
      finance = { ...finance, cookie: await t.login(finance.email, TEST_PASSWORD) };
      sales = { ...sales, cookie: await t.login(sales.email, TEST_PASSWORD) };
    };
    await relogin();
    const customerId = await customerWithContact('LATE', sales.userId);
    const settings = (payload: object, cookie = finance.cookie) => t.app.inject({ method: 'PUT', url: '/api/v1/collections/settings', headers: { cookie }, payload });
    const threshold = (payload: object, cookie = finance.cookie) => t.app.inject({ method: 'PUT', url: `/api/v1/collections/customers/${customerId}/hold-threshold`, headers: { cookie }, payload });
    const status = async () => (await t.app.inject({ url: `/api/v1/collections/customers/${customerId}`, headers: { cookie: finance.cookie } })).json();

    expect((await t.app.inject({ url: '/api/v1/collections/settings', headers: { cookie: finance.cookie } })).json()).toEqual({ overdueHoldThreshold: 0, escalateAfterReminders: 3 });
    expect((await settings({ overdueHoldThreshold: -1 })).json()).toMatchObject({ statusCode: 400, field: 'overdueHoldThreshold' });
    expect((await settings({ overdueHoldThreshold: 1.5 })).json()).toMatchObject({ statusCode: 400, field: 'overdueHoldThreshold' });
    expect((await settings({ escalateAfterReminders: 0 })).json()).toMatchObject({ statusCode: 400, field: 'escalateAfterReminders' });
    expect((await settings({ overdueHoldThreshold: 100 }, sales.cookie)).statusCode).toBe(403);
    expect((await threshold({ overdueHoldThreshold: 100 }, sales.cookie)).statusCode).toBe(403);
    expect((await threshold({ overdueHoldThreshold: 'lots' })).json()).toMatchObject({ statusCode: 400, field: 'overdueHoldThreshold' });
    expect((await status()).overdueHoldThreshold).toEqual({ customer: null, company: 0, effective: 0 });

    // The company tolerates up to 200.00 late; 100.00 open 61+ days late no longer holds.
    expect((await settings({ overdueHoldThreshold: 20_000 })).json()).toEqual({ overdueHoldThreshold: 20_000, escalateAfterReminders: 3 });
    const late = addDays(DUE, 61);
    clock = new Date(`${late}T09:00:00Z`);
    await relogin();
    await t.app.collections.run(late);
    expect(await status()).toMatchObject({ onHold: false, overdueHoldThreshold: { customer: null, company: 20_000, effective: 20_000 } });

    // This customer gets a stricter one of its own: on hold the next run, visible in the API.
    expect((await threshold({ overdueHoldThreshold: 5_000 })).statusCode).toBe(200);
    await t.app.collections.run(addDays(late, 1));
    expect(await status()).toMatchObject({ onHold: true, holdReason: 'overdue_61', overdueHoldThreshold: { customer: 5_000, company: 20_000, effective: 5_000 } });
    const customers = (await t.app.inject({ url: '/api/v1/customers', headers: { cookie: finance.cookie } })).json();
    expect(JSON.stringify(customers)).toMatch(/"ref":"LATE"[^}]*"onHold":true|"onHold":true[^}]*"ref":"LATE"/);

    // Back to the company's: released.
    expect((await threshold({ overdueHoldThreshold: null })).json().overdueHoldThreshold).toEqual({ customer: null, company: 20_000, effective: 20_000 });
    await t.app.collections.run(addDays(late, 2));
    expect(await status()).toMatchObject({ onHold: false, holdReason: null });
  });
});
