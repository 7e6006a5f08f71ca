/** Aging per customer at an as-of date, from the journal (same definitions as the metrics), for the CSV export. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { addDays } from '../../shared/time/dates.ts';

export interface AgingRow {
  readonly customerRef: string;
  readonly customerName: string;
  readonly currency: string;
  readonly buckets: readonly [bigint, bigint, bigint, bigint, bigint];
  readonly total: bigint;
}

export async function agingByCustomer(db: Kysely<DB>, asOf: string, scope: { ownerId?: string; currency?: string }): Promise<AgingRow[]> {
  const D = sql`${asOf}::date`;
  const [e30, e60, e90] = [addDays(asOf, -30), addDays(asOf, -60), addDays(asOf, -90)];
  const owner = scope.ownerId ? sql`and c.sales_owner_id = ${scope.ownerId}` : sql``;
  const currency = scope.currency ? sql`and e.currency = ${scope.currency}` : sql``;
  const result = await sql<{ ref: string; name: string; currency: string; b0: string; b1: string; b2: string; b3: string; b4: string; total: string }>`
    select c.ref, c.name, e.currency,
      coalesce(sum(e.amount) filter (where e.due_date >= ${D}), 0)::text as b0,
      coalesce(sum(e.amount) filter (where e.due_date < ${D} and e.due_date >= ${e30}::date), 0)::text as b1,
      coalesce(sum(e.amount) filter (where e.due_date < ${e30}::date and e.due_date >= ${e60}::date), 0)::text as b2,
      coalesce(sum(e.amount) filter (where e.due_date < ${e60}::date and e.due_date >= ${e90}::date), 0)::text as b3,
      coalesce(sum(e.amount) filter (where e.due_date < ${e90}::date), 0)::text as b4,
      sum(e.amount)::text as total
    from journal_entries e join customers c on c.id = e.customer_id
    where e.account = 'ar' and e.entry_date <= ${D} and e.issue_date <= ${D} ${owner} ${currency}
    group by c.ref, c.name, e.currency
    having sum(e.amount) <> 0
    order by c.ref, e.currency`.execute(db);
  return result.rows.map((row) => ({
    customerRef: row.ref, customerName: row.name, currency: row.currency,
    buckets: [BigInt(row.b0), BigInt(row.b1), BigInt(row.b2), BigInt(row.b3), BigInt(row.b4)], total: BigInt(row.total),
  }));
}
