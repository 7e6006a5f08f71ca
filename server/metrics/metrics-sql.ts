/**
 * The figures of shared/metrics `MetricsAggregates`, computed in SQL so `/metrics` stays cheap
 * over millions of invoices. Every AR figure is a sum of journal AR postings (which carry their
 * invoice's issue and due dates), filtered by date: open at D = Σ postings dated ≤ D. So the
 * gross and clean snapshots come from ONE scan of the AR postings, the monthly sales from one
 * grouped scan of the invoices, and the disputes from the small disputes table.
 * Assumes an invoice's open amount is never negative at any date (true for every posting the
 * planners allow in date order); `aggregate()` floors at 0 instead — the consistency test checks
 * both agree on real ledger data.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { addDays, addMonths, lastDayOfMonth, monthOf } from '../../shared/time/dates.ts';
import type { ArSnapshot, MetricsAggregates, PayerAggregate } from '../../shared/metrics/index.ts';

const n = (value: string | null | undefined) => Number(value ?? 0);

interface SnapshotRow {
  ar: string | null; current: string | null; d1_30: string | null; d31_60: string | null; d61_90: string | null; d91: string | null; prev: string | null;
  c_ar: string | null; c_current: string | null; c1_30: string | null; c31_60: string | null; c61_90: string | null; c91: string | null; c_prev: string | null; disputed: string | null;
}

export async function metricsAggregates(db: Kysely<DB>, asOf: string, currency: string): Promise<MetricsAggregates> {
  const previousMonthEnd = lastDayOfMonth(addMonths(monthOf(asOf), -1));
  const [e30, e60, e90] = [addDays(asOf, -30), addDays(asOf, -60), addDays(asOf, -90)];
  const D = sql`${asOf}::date`;
  const openDisputes = sql`select distinct invoice_id from disputes where opened_on <= ${D} and (resolved_on is null or resolved_on > ${D})`;
  const snapshotQuery = sql<SnapshotRow>`
    with e as (
      select e.amount, e.entry_date, e.issue_date, e.due_date, d.invoice_id is not null as disputed
      from journal_entries e left join (${openDisputes}) d on d.invoice_id = e.invoice_id
      where e.account = 'ar' and e.currency = ${currency} and e.issue_date <= ${D}
    )
    select
      sum(amount) filter (where entry_date <= ${D})::text as ar,
      sum(amount) filter (where entry_date <= ${D} and due_date >= ${D})::text as current,
      sum(amount) filter (where entry_date <= ${D} and due_date < ${D} and due_date >= ${e30}::date)::text as d1_30,
      sum(amount) filter (where entry_date <= ${D} and due_date < ${e30}::date and due_date >= ${e60}::date)::text as d31_60,
      sum(amount) filter (where entry_date <= ${D} and due_date < ${e60}::date and due_date >= ${e90}::date)::text as d61_90,
      sum(amount) filter (where entry_date <= ${D} and due_date < ${e90}::date)::text as d91,
      sum(amount) filter (where entry_date <= ${previousMonthEnd}::date and issue_date <= ${previousMonthEnd}::date)::text as prev,
      sum(amount) filter (where not disputed and entry_date <= ${D})::text as c_ar,
      sum(amount) filter (where not disputed and entry_date <= ${D} and due_date >= ${D})::text as c_current,
      sum(amount) filter (where not disputed and entry_date <= ${D} and due_date < ${D} and due_date >= ${e30}::date)::text as c1_30,
      sum(amount) filter (where not disputed and entry_date <= ${D} and due_date < ${e30}::date and due_date >= ${e60}::date)::text as c31_60,
      sum(amount) filter (where not disputed and entry_date <= ${D} and due_date < ${e60}::date and due_date >= ${e90}::date)::text as c61_90,
      sum(amount) filter (where not disputed and entry_date <= ${D} and due_date < ${e90}::date)::text as c91,
      sum(amount) filter (where not disputed and entry_date <= ${previousMonthEnd}::date and issue_date <= ${previousMonthEnd}::date)::text as c_prev,
      sum(amount) filter (where disputed and entry_date <= ${D})::text as disputed
    from e`;
  const salesQuery = sql<{ month: string; sales: string }>`
    select to_char(issue_date, 'YYYY-MM') as month, sum(amount)::text as sales
    from invoices where currency = ${currency} and issue_date <= ${D} group by 1`;
  const disputesQuery = sql<{ count: string; days: string | null }>`
    select count(*)::text as count, sum(resolved_on - opened_on)::text as days
    from disputes d join invoices i on i.id = d.invoice_id
    where i.currency = ${currency} and d.resolved_on is not null and d.resolved_on <= ${D}`;
  // Independent reads: on PostgreSQL they run on separate pool connections at the same time.
  const [snapshot, sales, disputes] = await Promise.all([snapshotQuery.execute(db), salesQuery.execute(db), disputesQuery.execute(db)]);
  const row = snapshot.rows[0]!;

  const salesByMonth = new Map(sales.rows.map((r) => [r.month, n(r.sales)]));
  const first = monthOf(asOf);
  const earliest = sales.rows.reduce((min, r) => (r.month < min ? r.month : min), first);
  const monthlySales: { month: string; sales: number }[] = [];
  for (let month = first; month >= earliest; month = addMonths(month, -1)) monthlySales.push({ month, sales: salesByMonth.get(month) ?? 0 });

  const gross: ArSnapshot = {
    ar: n(row.ar), currentAr: n(row.current), arAtPreviousMonthEnd: n(row.prev), monthlySales,
    aging: { current: n(row.current), '1-30': n(row.d1_30), '31-60': n(row.d31_60), '61-90': n(row.d61_90), '91+': n(row.d91) },
  };
  const clean: ArSnapshot = {
    ar: n(row.c_ar), currentAr: n(row.c_current), arAtPreviousMonthEnd: n(row.c_prev), monthlySales,
    aging: { current: n(row.c_current), '1-30': n(row.c1_30), '31-60': n(row.c31_60), '61-90': n(row.c61_90), '91+': n(row.c91) },
  };
  return { asOf, currency, gross, clean, disputedBalance: n(row.disputed), resolvedDisputes: { count: n(disputes.rows[0]?.count), totalDays: n(disputes.rows[0]?.days) } };
}

/**
 * Per customer (of one sales owner, when given): Σ amount × max(0, settled − due) over invoices settled on or before D. "Settled"
 * is the date of the last reduction on or before D of an invoice whose open amount at D is 0.
 */
export async function payerAggregates(db: Kysely<DB>, asOf: string, currency?: string, ownerId?: string): Promise<PayerAggregate[]> {
  const D = sql`${asOf}::date`;
  const currencyFilter = currency ? sql`and e.currency = ${currency}` : sql``;
  const ownerFilter = ownerId ? sql`and c.sales_owner_id = ${ownerId}` : sql``;
  const result = await sql<{ ref: string; weighted: string; invoices: string; amount: string }>`
    with per_invoice as (
      select e.invoice_id, e.customer_id, max(e.due_date) as due_date, sum(e.amount) as open_at,
             max(e.entry_date) filter (where e.amount < 0) as settled_on
      from journal_entries e
      where e.account = 'ar' and e.entry_date <= ${D} and e.issue_date <= ${D} ${currencyFilter}
      group by e.invoice_id, e.customer_id
    )
    select c.ref, sum(i.amount * greatest(0, p.settled_on - p.due_date))::text as weighted, count(*)::text as invoices, sum(i.amount)::text as amount
    from per_invoice p join invoices i on i.id = p.invoice_id join customers c on c.id = p.customer_id
    where p.open_at = 0 and p.settled_on is not null and not i.voided ${ownerFilter}
    group by c.ref`.execute(db);
  return result.rows.map((row) => ({ customerRef: row.ref, amountWeightedDaysLate: n(row.weighted), settledInvoices: n(row.invoices), settledAmount: n(row.amount) }));
}
