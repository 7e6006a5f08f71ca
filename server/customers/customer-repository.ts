/** The only SQL about the `customers` table's own columns. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface CustomerSummary {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  readonly currency: string;
  readonly salesOwnerId: string | null;
  readonly salesOwnerName: string | null;
  readonly creditLimit: number;
  readonly paymentTermsDays: number;
  readonly segment: string;
  readonly openBalance: number;
}

/** `ownerId` set → only that sales owner's customers. */
export async function listCustomers(db: Kysely<DB>, scope: { ownerId?: string } = {}): Promise<CustomerSummary[]> {
  let query = db
    .selectFrom('customers')
    .leftJoin('users', 'users.id', 'customers.sales_owner_id')
    .select(['customers.id', 'customers.ref', 'customers.name', 'customers.currency', 'customers.sales_owner_id', 'users.name as owner_name', 'customers.credit_limit', 'customers.payment_terms_days', 'customers.segment'])
    .orderBy('customers.name');
  if (scope.ownerId) query = query.where('customers.sales_owner_id', '=', scope.ownerId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    ref: row.ref,
    name: row.name,
    currency: row.currency,
    salesOwnerId: row.sales_owner_id,
    salesOwnerName: row.owner_name,
    creditLimit: Number(row.credit_limit),
    paymentTermsDays: row.payment_terms_days,
    segment: row.segment,
    openBalance: 0,
  }));
}
