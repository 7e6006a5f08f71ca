/**
 * 90 simulated days of the collections job on the demo company (~40 customers, ~1,500 invoices,
 * chronic late payers, open disputes). Mail stays in the outbox: SMTP delivery is covered by the
 * other two files, and an in-process SMTP round trip costs ~150 ms a message here. The demo data
 * is generated, so this checks the rules that must hold for every customer rather than
 * hand-counted figures (collections-run.test.ts has those): at most one reminder per customer per
 * day, none about a disputed or settled invoice, escalations only after three reminders and
 * always to the customer's own sales owner, holds logged with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { addDays } from '../../../shared/time/dates.ts';

const START = '2026-03-02';

describe.each(databaseKinds())('collections on the demo company over 90 days on %s', (kind) => {
  let t: TestApp;
  let clock = new Date(`${START}T07:00:00Z`);
  let reminders = 0;

  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => clock, seedDemo: true });
    for (let n = 0; n < 90; n++) {
      const asOf = addDays(START, n);
      clock = new Date(`${asOf}T07:00:00Z`);
      const report = await t.app.collections.run(asOf);
      if (report.ran) reminders += report.reminders;
    }
  }, 600_000);

  afterAll(async () => {
    await t?.close();
  });

  it('chases the demo customers, every reminder in the outbox', async () => {
    const customers = await t.app.db.selectFrom('customers').select('id').execute();
    expect(customers.length).toBeGreaterThan(30);
    expect(reminders).toBeGreaterThan(20);
    const sent = await t.app.db.selectFrom('mail_outbox').select(['kind', 'status']).where('kind', '=', 'reminder').execute();
    expect(sent).toHaveLength(reminders);
    expect(sent.every((row) => row.status === 'queued')).toBe(true);
  });

  it('never sends a customer two reminders on one day', async () => {
    const perDay = await sql<{ n: string }>`select count(*)::text as n from reminder_steps s join invoices i on i.id = s.invoice_id where s.outcome = 'sent' group by i.customer_id, s.day, s.outbox_id`.execute(t.app.db);
    const days = await sql<{ n: string }>`select count(distinct outbox_id)::text as n from reminder_steps s join invoices i on i.id = s.invoice_id where s.outcome = 'sent' group by i.customer_id, s.day having count(distinct outbox_id) > 1`.execute(t.app.db);
    expect(perDay.rows.length).toBe(reminders);
    expect(days.rows).toEqual([]);
  });

  it('sends nothing about disputed or settled invoices', async () => {
    const disputed = await sql<{ number: string }>`
      select i.number from reminder_steps s join invoices i on i.id = s.invoice_id join disputes d on d.invoice_id = i.id
      where s.outcome = 'sent' and d.opened_on <= s.day and (d.resolved_on is null or d.resolved_on > s.day)`.execute(t.app.db);
    expect(disputed.rows).toEqual([]);
    const settled = await sql<{ number: string }>`select i.number from reminder_steps s join invoices i on i.id = s.invoice_id where s.outcome = 'sent' and i.open_amount = 0`.execute(t.app.db);
    expect(settled.rows).toEqual([]);
    const skippedDisputed = await t.app.db.selectFrom('communication_log').select('id').where('kind', '=', 'reminder_skipped').where('reason', '=', 'disputed').execute();
    expect(skippedDisputed.length).toBeGreaterThan(0);
  });

  it('escalates only after three reminders, always to the customer’s own sales owner', async () => {
    const escalations = await t.app.db
      .selectFrom('tasks as t')
      .innerJoin('customers as c', 'c.id', 't.customer_id')
      .select(['t.assignee_id', 'c.sales_owner_id', 't.details'])
      .where('t.kind', '=', 'escalation')
      .execute();
    expect(escalations.length).toBeGreaterThan(0);
    for (const escalation of escalations) {
      expect(escalation.assignee_id).toBe(escalation.sales_owner_id);
      const invoiceIds = (escalation.details as { invoiceIds: string[] }).invoiceIds;
      for (const invoiceId of invoiceIds) {
        const sent = await t.app.db.selectFrom('reminder_steps').select('step_offset').where('invoice_id', '=', invoiceId).where('outcome', '=', 'sent').execute();
        expect(sent.length).toBeGreaterThanOrEqual(3);
      }
    }
    const ownerMails = await t.app.db.selectFrom('mail_outbox').select('subject').where('kind', '=', 'escalation').execute();
    expect(ownerMails).toHaveLength(escalations.filter((escalation) => escalation.sales_owner_id !== null).length);
  });

  it('logs every hold with its reason and shows it on the customer', async () => {
    const holds = await t.app.db.selectFrom('communication_log').select(['customer_id', 'reason']).where('kind', '=', 'hold').execute();
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.every((hold) => hold.reason === 'credit_limit' || hold.reason === 'overdue_61')).toBe(true);
    const onHold = await sql<{ id: string; hold_reason: string }>`select id, hold_reason from customers where on_hold`.execute(t.app.db);
    expect(onHold.rows.length).toBeGreaterThan(0);
    expect(onHold.rows.every((row) => row.hold_reason === 'credit_limit' || row.hold_reason === 'overdue_61')).toBe(true);
  });
});
