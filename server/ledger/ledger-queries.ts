/** Read side of the ledger: invoices, payments, disputes and the journal as the API shows them. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { invoiceStatus, type InvoiceStatus } from '../../shared/ledger/invoice-status.ts';
import type { CommentView, DisputeOutcome, DisputeReason, DisputeView, InvoiceView, PaymentView } from './ledger-api.ts';

export interface InvoiceFilter {
  readonly number?: string;
  /** Any of these numbers (the import's existence check: one query per batch). */
  readonly numbers?: readonly string[];
  readonly customerId?: string;
  /** Sales reps see only their own customers. */
  readonly ownerId?: string;
  readonly status?: InvoiceStatus;
  readonly overdueAsOf?: string;
  readonly disputed?: boolean;
  readonly openOnly?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** The SQL twin of shared/ledger/invoice-status.ts, so that status filters run in the database. */
const statusSql = sql<string>`case
  when i.voided then 'void'
  when d.id is not null and i.open_amount > 0 then 'disputed'
  when i.open_amount = 0 and i.written_off > 0 then 'written_off'
  when i.open_amount = 0 then 'paid'
  when i.open_amount = i.amount then 'open'
  else 'partially_paid' end`;

export async function listInvoiceViews(db: Kysely<DB>, filter: InvoiceFilter): Promise<InvoiceView[]> {
  let query = db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .leftJoin('disputes as d', (join) => join.onRef('d.invoice_id', '=', 'i.id').on('d.status', '=', 'open'))
    .select(['i.id', 'i.number', 'i.customer_id', 'c.ref', 'i.currency', 'i.issue_date', 'i.due_date', 'i.amount', 'i.open_amount', 'i.written_off', 'i.voided', 'd.id as dispute_id'])
    .orderBy('i.due_date')
    .orderBy('i.number');
  if (filter.number !== undefined) query = query.where('i.number', '=', filter.number);
  if (filter.numbers !== undefined) query = query.where('i.number', 'in', filter.numbers);
  if (filter.customerId !== undefined) query = query.where('i.customer_id', '=', filter.customerId);
  if (filter.ownerId !== undefined) query = query.where('c.sales_owner_id', '=', filter.ownerId);
  if (filter.openOnly) query = query.where('i.open_amount', '>', 0n);
  if (filter.overdueAsOf !== undefined) query = query.where('i.open_amount', '>', 0n).where('i.due_date', '<', filter.overdueAsOf).where('i.voided', '=', false);
  if (filter.disputed !== undefined) query = query.where('d.id', filter.disputed ? 'is not' : 'is', null);
  if (filter.status !== undefined) query = query.where(statusSql, '=', filter.status);
  if (filter.limit !== undefined) query = query.limit(filter.limit).offset(filter.offset ?? 0);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id, number: row.number, customerId: row.customer_id, customerRef: row.ref, currency: row.currency, issueDate: row.issue_date, dueDate: row.due_date,
    amount: Number(row.amount), openAmount: Number(row.open_amount),
    status: invoiceStatus({ amount: row.amount, open: row.open_amount, voided: row.voided, writtenOff: row.written_off, hasOpenDispute: row.dispute_id !== null }),
    openDisputeId: row.dispute_id,
  }));
}

export async function invoiceLines(db: Kysely<DB>, invoiceId: string) {
  const rows = await db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('position').execute();
  return rows.map((row) => ({ description: row.description, quantity: row.quantity, unitPrice: Number(row.unit_price), tax: Number(row.tax), amount: Number(row.amount) }));
}

/** Every journal movement of one invoice, oldest first: the invoice's money timeline. */
export async function invoiceMovements(db: Kysely<DB>, invoiceId: string) {
  const rows = await db
    .selectFrom('journal_entries as e')
    .innerJoin('journal_transactions as t', 't.id', 'e.transaction_id')
    .select(['t.id as transaction_id', 't.kind', 't.effective_date', 't.actor', 't.reversed_by_id', 'e.amount', 'e.payment_id'])
    .where('e.invoice_id', '=', invoiceId)
    .where('e.account', '=', 'ar')
    .orderBy('t.effective_date')
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({ transactionId: row.transaction_id, kind: row.kind, date: row.effective_date, actor: row.actor, reversed: row.reversed_by_id !== null, amount: Number(row.amount), paymentId: row.payment_id }));
}

export async function auditTrail(db: Kysely<DB>, subject: { invoiceId?: string; customerId?: string }, limit = 200) {
  let query = db.selectFrom('audit_log').select(['at', 'actor', 'request_id', 'command', 'subject_type', 'subject_id', 'details']).orderBy('id', 'desc').limit(limit);
  if (subject.invoiceId) query = query.where('invoice_id', '=', subject.invoiceId);
  if (subject.customerId) query = query.where('customer_id', '=', subject.customerId);
  const rows = await query.execute();
  return rows.map((row) => ({ at: row.at.toISOString(), actor: row.actor, requestId: row.request_id, command: row.command, subjectType: row.subject_type, subjectId: row.subject_id, details: row.details as Record<string, unknown> }));
}

export async function listDisputes(db: Kysely<DB>, filter: { status?: 'open' | 'resolved'; invoiceId?: string; customerId?: string; ownerId?: string; id?: string }): Promise<DisputeView[]> {
  let query = db
    .selectFrom('disputes as d')
    .innerJoin('invoices as i', 'i.id', 'd.invoice_id')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .select(['d.id', 'i.number', 'd.customer_id', 'd.reason', 'd.note', 'd.status', 'd.opened_on', 'd.opened_by', 'd.outcome', 'd.credit_amount', 'd.resolution_note', 'd.resolved_on', 'd.resolved_by'])
    .orderBy('d.opened_on')
    .orderBy('d.created_at');
  if (filter.status) query = query.where('d.status', '=', filter.status);
  if (filter.invoiceId) query = query.where('d.invoice_id', '=', filter.invoiceId);
  if (filter.customerId) query = query.where('d.customer_id', '=', filter.customerId);
  if (filter.ownerId) query = query.where('c.sales_owner_id', '=', filter.ownerId);
  if (filter.id) query = query.where('d.id', '=', filter.id);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id, invoiceNumber: row.number, customerId: row.customer_id, reason: row.reason as DisputeReason, note: row.note, status: row.status as 'open' | 'resolved', openedOn: row.opened_on, openedBy: row.opened_by,
    resolution: row.status === 'resolved' ? { outcome: row.outcome as DisputeOutcome, creditAmount: row.credit_amount === null ? null : Number(row.credit_amount), note: row.resolution_note ?? '', resolvedOn: row.resolved_on ?? '', resolvedBy: row.resolved_by ?? '' } : null,
  }));
}

export async function disputeComments(db: Kysely<DB>, disputeId: string): Promise<CommentView[]> {
  const rows = await db.selectFrom('dispute_comments').selectAll().where('dispute_id', '=', disputeId).orderBy('created_at').execute();
  return rows.map((row) => ({ id: row.id, disputeId: row.dispute_id, author: row.author, body: row.body, createdAt: row.created_at.toISOString() }));
}

export async function listPayments(db: Kysely<DB>, filter: { customerId?: string; ownerId?: string; id?: string; invoiceId?: string; limit?: number }): Promise<(PaymentView & { reference: string | null; reversed: boolean; transactionId: string })[]> {
  let query = db.selectFrom('payments as p').innerJoin('customers as c', 'c.id', 'p.customer_id').selectAll('p').orderBy('p.payment_date', 'desc').orderBy('p.created_at', 'desc').limit(filter.limit ?? 500);
  if (filter.customerId) query = query.where('p.customer_id', '=', filter.customerId);
  if (filter.ownerId) query = query.where('c.sales_owner_id', '=', filter.ownerId);
  if (filter.id) query = query.where('p.id', '=', filter.id);
  if (filter.invoiceId) query = query.where('p.id', 'in', db.selectFrom('payment_allocations').select('payment_id').where('invoice_id', '=', filter.invoiceId));
  const payments = await query.execute();
  const ids = payments.map((payment) => payment.id);
  const allocations = ids.length === 0 ? [] : await db.selectFrom('payment_allocations as a').innerJoin('invoices as i', 'i.id', 'a.invoice_id').select(['a.payment_id', 'i.number', 'a.amount']).where('a.payment_id', 'in', ids).orderBy('i.number').execute();
  return payments.map((payment) => ({
    id: payment.id, customerId: payment.customer_id, date: payment.payment_date, amount: Number(payment.amount), currency: payment.currency, unapplied: Number(payment.unapplied),
    reference: payment.reference, reversed: payment.reversed, transactionId: payment.transaction_id,
    allocations: allocations.filter((allocation) => allocation.payment_id === payment.id).map((allocation) => ({ invoiceNumber: allocation.number, amount: Number(allocation.amount) })),
  }));
}

export async function journalEntries(db: Kysely<DB>, filter: { customerId?: string; invoiceId?: string; transactionId?: string; account?: string; limit: number; beforeId?: bigint }) {
  let query = db
    .selectFrom('journal_entries as e')
    .innerJoin('journal_transactions as t', 't.id', 'e.transaction_id')
    .select(['e.id', 'e.transaction_id', 't.kind', 't.reverses_id', 't.reversed_by_id', 't.actor', 't.request_id', 'e.account', 'e.customer_id', 'e.invoice_id', 'e.payment_id', 'e.currency', 'e.amount', 'e.entry_date'])
    .orderBy('e.id', 'desc')
    .limit(filter.limit);
  if (filter.customerId) query = query.where('e.customer_id', '=', filter.customerId);
  if (filter.invoiceId) query = query.where('e.invoice_id', '=', filter.invoiceId);
  if (filter.transactionId) query = query.where('e.transaction_id', '=', filter.transactionId);
  if (filter.account) query = query.where('e.account', '=', filter.account);
  if (filter.beforeId !== undefined) query = query.where('e.id', '<', filter.beforeId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: Number(row.id), transactionId: row.transaction_id, kind: row.kind, reversesId: row.reverses_id, reversedById: row.reversed_by_id, actor: row.actor, requestId: row.request_id,
    account: row.account, customerId: row.customer_id, invoiceId: row.invoice_id, paymentId: row.payment_id, currency: row.currency,
    debit: row.amount > 0n ? Number(row.amount) : 0, credit: row.amount < 0n ? Number(-row.amount) : 0, date: row.entry_date,
  }));
}
