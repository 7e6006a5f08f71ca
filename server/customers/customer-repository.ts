/**
 * Customers: their own columns plus balances read from the ledger's caches (invoices.open_amount,
 * payments.unapplied). A customer's balance = open invoices − unapplied cash (DESIGN §3).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { customerRisk, type CustomerRisk } from '../../shared/ledger/customer-risk.ts';
import { addDays } from '../../shared/time/dates.ts';

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
  readonly openInvoices: number;
  readonly overdueBalance: number;
  readonly unappliedCash: number;
  readonly risk: CustomerRisk;
  readonly onHold: boolean;
  readonly holdReason: string | null;
}

export interface Contact {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
}

interface SummaryRow {
  id: string; ref: string; name: string; currency: string; sales_owner_id: string | null; owner_name: string | null; credit_limit: string; payment_terms_days: number; segment: string;
  on_hold: boolean; hold_reason: string | null; open_total: string; overdue: string; overdue61: string; unapplied: string; contacts: unknown;
}

/** `ownerId` set → only that sales owner's customers; `id` → one customer. */
export async function listCustomers(db: Kysely<DB>, today: string, scope: { ownerId?: string; id?: string; ref?: string } = {}): Promise<(CustomerSummary & { contacts: Contact[] })[]> {
  const filters = [
    scope.ownerId ? sql`c.sales_owner_id = ${scope.ownerId}` : null,
    scope.id ? sql`c.id = ${scope.id}` : null,
    scope.ref ? sql`c.ref = ${scope.ref}` : null,
  ].filter((filter) => filter !== null);
  const where = filters.length > 0 ? sql`where ${sql.join(filters, sql` and `)}` : sql``;
  const result = await sql<SummaryRow>`
    select c.id, c.ref, c.name, c.currency, c.sales_owner_id, u.name as owner_name, c.credit_limit::text as credit_limit, c.payment_terms_days, c.segment, c.on_hold, c.hold_reason, c.contacts,
      coalesce(i.open_total, 0)::text as open_total, coalesce(i.overdue, 0)::text as overdue, coalesce(i.overdue61, 0)::text as overdue61, coalesce(p.unapplied, 0)::text as unapplied
    from customers c
    left join users u on u.id = c.sales_owner_id
    left join (
      select customer_id, sum(open_amount) as open_total,
        sum(open_amount) filter (where due_date < ${today}::date) as overdue,
        sum(open_amount) filter (where due_date < ${addDays(today, -60)}::date) as overdue61
      from invoices where open_amount > 0 group by customer_id
    ) i on i.customer_id = c.id
    left join (select customer_id, sum(unapplied) as unapplied from payments where unapplied > 0 group by customer_id) p on p.customer_id = c.id
    ${where}
    order by c.name`.execute(db);
  return result.rows.map((row) => {
    const open = BigInt(row.open_total);
    const unapplied = BigInt(row.unapplied);
    return {
      id: row.id, ref: row.ref, name: row.name, currency: row.currency, salesOwnerId: row.sales_owner_id, salesOwnerName: row.owner_name,
      creditLimit: Number(row.credit_limit), paymentTermsDays: row.payment_terms_days, segment: row.segment,
      openBalance: Number(open - unapplied), openInvoices: Number(open), overdueBalance: Number(row.overdue), unappliedCash: Number(unapplied),
      risk: customerRisk({ open, overdue: BigInt(row.overdue), overdue61: BigInt(row.overdue61), creditLimit: BigInt(row.credit_limit) }),
      onHold: row.on_hold, holdReason: row.hold_reason, contacts: (row.contacts ?? []) as Contact[],
    };
  });
}

export interface CustomerInput {
  readonly ref: string;
  readonly name: string;
  readonly currency: string;
  readonly salesOwnerId?: string | null;
  readonly creditLimit?: number;
  readonly paymentTermsDays?: number;
  readonly segment?: string;
  readonly contacts?: readonly Contact[];
}

export async function findCustomer(db: Kysely<DB>, by: { id?: string; ref?: string }) {
  let query = db.selectFrom('customers').select(['id', 'ref', 'currency', 'sales_owner_id']);
  if (by.id) query = query.where('id', '=', by.id);
  if (by.ref) query = query.where('ref', '=', by.ref);
  return query.executeTakeFirst();
}

export async function insertCustomer(db: Kysely<DB>, input: CustomerInput): Promise<string> {
  const row = await db
    .insertInto('customers')
    .values({
      ref: input.ref, name: input.name, currency: input.currency, sales_owner_id: input.salesOwnerId ?? null, credit_limit: BigInt(input.creditLimit ?? 0),
      payment_terms_days: input.paymentTermsDays ?? 30, segment: input.segment ?? 'standard', contacts: JSON.stringify(input.contacts ?? []),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCustomer(db: Kysely<DB>, id: string, changes: Partial<Omit<CustomerInput, 'ref' | 'currency'>>): Promise<boolean> {
  const set = {
    ...(changes.name === undefined ? {} : { name: changes.name }),
    ...(changes.salesOwnerId === undefined ? {} : { sales_owner_id: changes.salesOwnerId }),
    ...(changes.creditLimit === undefined ? {} : { credit_limit: BigInt(changes.creditLimit) }),
    ...(changes.paymentTermsDays === undefined ? {} : { payment_terms_days: changes.paymentTermsDays }),
    ...(changes.segment === undefined ? {} : { segment: changes.segment }),
    ...(changes.contacts === undefined ? {} : { contacts: JSON.stringify(changes.contacts) }),
  };
  if (Object.keys(set).length === 0) return (await findCustomer(db, { id })) !== undefined;
  const result = await db.updateTable('customers').set(set).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recordCustomerAudit(db: Kysely<DB>, entry: { actor: string; requestId: string; command: string; customerId: string; details: Record<string, unknown> }): Promise<void> {
  await db.insertInto('audit_log').values({ actor: entry.actor, request_id: entry.requestId, command: entry.command, subject_type: 'customer', subject_id: entry.customerId, customer_id: entry.customerId, invoice_id: null, details: JSON.stringify(entry.details) }).execute();
}
