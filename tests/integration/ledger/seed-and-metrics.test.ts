/**
 * The demo company posted through the ledger: the trial balance is balanced, and the SQL
 * `MetricsAggregates` equal shared/metrics `aggregate()` over the same ledger data loaded as
 * plain per-invoice input, so `/metrics` and the pure definition agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { DEMO_PASSWORD } from '../../../server/seed/demo-company.ts';
import { seedDemoIfEmpty } from '../../../server/seed/seed-demo.ts';
import { trialBalance } from '../../../server/ledger/trial-balance.ts';
import { addDays } from '../../../shared/time/dates.ts';
import { metricsAggregates, payerAggregates } from '../../../server/metrics/metrics-sql.ts';
import { loadMetricsInput } from '../../../server/metrics/metrics-input-sql.ts';
import { aggregate, aggregatePayers, computeMetrics, payersFromAggregates } from '../../../shared/metrics/index.ts';

const sortPayers = <T extends { customerRef: string }>(rows: T[]) => [...rows].sort((a, b) => (a.customerRef < b.customerRef ? -1 : 1));

describe.each(databaseKinds())('demo seed and metrics on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => new Date('2026-11-23T10:00:00Z') });
    await seedDemoIfEmpty(t.app);
  });
  afterAll(() => t.close());

  it('seeds ~1,500 invoices with payments and disputes, every command accepted, trial balance balanced', async () => {
    const invoices = Number((await t.app.db.selectFrom('invoices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(invoices).toBeGreaterThan(1_000);
    const disputes = await t.app.db.selectFrom('disputes').select(['status']).execute();
    expect(disputes.some((d) => d.status === 'open')).toBe(true);
    expect(disputes.some((d) => d.status === 'resolved')).toBe(true);
    const audit = Number((await t.app.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('actor', '=', 'system:demo-seed').executeTakeFirstOrThrow()).n);
    const transactions = Number((await t.app.db.selectFrom('journal_transactions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(audit).toBeGreaterThanOrEqual(transactions);
    expect(await trialBalance(t.app.db)).toMatchObject({ balanced: true, problems: [] });
  });

  it('computes the same aggregates in SQL as aggregate() over the plain ledger data', async () => {
    // One unpaid invoice voided, so both sides must treat it alike (a sale on the books until its void, no payer behaviour).
    const unpaid = await t.app.db.selectFrom('invoices').select(['number', 'issue_transaction_id', 'issue_date']).where('currency', '=', 'USD').where('voided', '=', false).whereRef('open_amount', '=', 'amount').where('issue_date', '<', '2026-06-01').orderBy('issue_date').executeTakeFirstOrThrow();
    const { cookie } = await t.loginAs('finance');
    const voided = await t.app.inject({ method: 'POST', url: '/api/v1/ledger/reversals', headers: { cookie }, payload: { transactionId: unpaid.issue_transaction_id, date: addDays(unpaid.issue_date, 3) } });
    expect(voided.statusCode, voided.body).toBe(201);
    for (const currency of ['USD', 'EUR']) {
      const input = await loadMetricsInput(t.app.db, currency);
      for (const asOf of ['2026-11-23', '2026-08-31', '2026-03-15', '2025-07-01']) {
        expect(await metricsAggregates(t.app.db, asOf, currency), `${currency} ${asOf}`).toEqual(aggregate(input, asOf));
        expect(sortPayers(payersFromAggregates(await payerAggregates(t.app.db, asOf, currency)))).toEqual(sortPayers(payersFromAggregates(aggregatePayers(input, asOf))));
      }
    }
  });

  it('answers /metrics exactly as computeMetrics over the same data', async () => {
    const { cookie } = await t.loginAs('finance');
    const response = await t.app.inject({ url: '/api/v1/metrics?asOf=2026-10-31&currency=USD', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const input = await loadMetricsInput(t.app.db, 'USD');
    expect(response.json()).toEqual(JSON.parse(JSON.stringify(computeMetrics(input, '2026-10-31'))));
    expect((await t.app.inject({ url: '/api/v1/metrics?asOf=2026-13-01', headers: { cookie } })).json().field).toBe('asOf');
    expect((await t.app.inject({ url: '/api/v1/metrics?currency=ABC', headers: { cookie } })).json()).toMatchObject({ code: 'unknown_currency', field: 'currency' });
    const payers = await t.app.inject({ url: '/api/v1/metrics/payers?asOf=2026-10-31&limit=5', headers: { cookie } });
    expect(payers.json()).toHaveLength(5);
    expect(payers.json()[0].weightedDaysLate).toBeGreaterThanOrEqual(payers.json()[4].weightedDaysLate);

    // A sales rep sees the payer behaviour of their own customers only.
    const owner = await t.app.db.selectFrom('customers').select('sales_owner_id').where('sales_owner_id', 'is not', null).executeTakeFirstOrThrow();
    const ownerEmail = (await t.app.db.selectFrom('users').select('email').where('id', '=', owner.sales_owner_id!).executeTakeFirstOrThrow()).email;
    const ownCookie = await t.login(ownerEmail, DEMO_PASSWORD);
    const own = (await t.app.inject({ url: '/api/v1/metrics/payers?asOf=2026-10-31&limit=500', headers: { cookie: ownCookie } })).json() as { customerRef: string }[];
    const ownRefs = new Set((await t.app.db.selectFrom('customers').select('ref').where('sales_owner_id', '=', owner.sales_owner_id!).execute()).map((c) => c.ref));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((payer) => ownRefs.has(payer.customerRef))).toBe(true);
    const newcomer = await t.loginAs('sales');
    expect((await t.app.inject({ url: '/api/v1/metrics/payers?asOf=2026-10-31', headers: { cookie: newcomer.cookie } })).json()).toEqual([]);
  });
});
