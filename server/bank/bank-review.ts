/**
 * The review queue: bank lines the matcher would not post. Finance confirms a line for a
 * customer (optionally split over invoices: `allocations`; without them the ledger applies
 * oldest-due first, the rest stays unapplied) or dismisses it (not a customer payment).
 * Confirming remembers the debtor's IBAN and name for that customer, so the next payment from
 * them matches by itself. The ledger post uses the entry's idempotency key: a repeated confirm,
 * or a confirm of a line an interrupted import did post, cannot post twice.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CommandContext, LedgerApi, PaymentView } from '../ledger/ledger-api.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { rememberPayer } from './bank-facts.ts';
import { entryIdempotencyKey } from './bank-import.ts';

export interface BankEntryView {
  readonly id: string;
  readonly statementId: string;
  readonly accountIban: string;
  readonly entryRef: string;
  readonly bookingDate: string;
  readonly amount: number;
  readonly currency: string;
  readonly debtorName: string | null;
  readonly debtorIban: string | null;
  readonly remittance: string;
  readonly status: string;
  readonly reason: string;
  readonly customerId: string | null;
  readonly paymentId: string | null;
  readonly suggestions: { readonly customerRef: string; readonly invoiceNumber: string; readonly dueDate: string; readonly openAmount: number; readonly currency: string }[];
  readonly resolvedBy: string | null;
}

function toView(row: Selectable<DB['bank_entries']>): BankEntryView {
  return {
    id: row.id,
    statementId: row.statement_id,
    accountIban: row.account_iban,
    entryRef: row.entry_ref,
    bookingDate: row.booking_date,
    amount: Number(row.amount),
    currency: row.currency.trim(),
    debtorName: row.debtor_name,
    debtorIban: row.debtor_iban,
    remittance: row.remittance,
    status: row.status,
    reason: row.reason,
    customerId: row.customer_id,
    paymentId: row.payment_id,
    suggestions: row.suggestions as BankEntryView['suggestions'],
    resolvedBy: row.resolved_by,
  };
}

export async function listEntries(db: Kysely<DB>, filter: { status?: string; statementId?: string; limit: number }): Promise<BankEntryView[]> {
  let query = db.selectFrom('bank_entries').selectAll().orderBy('booking_date').orderBy('created_at').orderBy('id').limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.statementId) query = query.where('statement_id', '=', filter.statementId);
  return (await query.execute()).map(toView);
}

async function reviewEntry(db: Kysely<DB>, id: string): Promise<Result<Selectable<DB['bank_entries']>>> {
  const row = await db.selectFrom('bank_entries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return fail(ErrorCode.notFound, `No bank entry ${id}.`, 'id');
  if (row.status !== 'review') return fail(ErrorCode.invalidState, `Bank entry ${row.entry_ref} is ${row.status}, not waiting for review.`, 'id');
  return ok(row);
}

export interface ConfirmInput {
  readonly customerRef: string;
  readonly allocations?: { readonly invoiceNumber: string; readonly amount: number }[];
}

export async function confirmEntry(deps: { db: Kysely<DB>; ledger: LedgerApi; now: () => Date }, ctx: CommandContext & { actorLabel: string }, id: string, input: ConfirmInput): Promise<Result<{ entry: BankEntryView; payment: PaymentView & { allocations: PaymentView['allocations'][number][] } }>> {
  const entry = await reviewEntry(deps.db, id);
  if (!entry.ok) return entry;
  const row = entry.value;
  const allocated = (input.allocations ?? []).reduce((sum, a) => sum + BigInt(a.amount), 0n);
  if (allocated > row.amount) return fail(ErrorCode.overApplication, `The allocations add up to ${allocated}, more than the ${row.amount} received.`, 'allocations');

  const payment = await deps.ledger.receivePayment(
    // The same key as the automatic post: one bank line can become at most one payment, ever.
    { actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: entryIdempotencyKey(row.account_iban, row.entry_ref) },
    { customerRef: input.customerRef, date: row.booking_date, amount: Number(row.amount), currency: row.currency.trim(), reference: row.entry_ref, ...(input.allocations ? { allocations: input.allocations } : {}) },
  );
  if (!payment.ok) return payment;
  const updated = await deps.db
    .updateTable('bank_entries')
    .set({ status: 'confirmed', customer_id: payment.value.customerId, payment_id: payment.value.id, resolved_by: ctx.actorLabel, resolved_at: deps.now() })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await rememberPayer(deps.db, payment.value.customerId, row.debtor_iban, row.debtor_name, ctx.actorLabel);
  return ok({ entry: toView(updated), payment: { ...payment.value, allocations: [...payment.value.allocations] } });
}

export async function dismissEntry(db: Kysely<DB>, id: string, note: string, by: string, now: Date): Promise<Result<BankEntryView>> {
  const entry = await reviewEntry(db, id);
  if (!entry.ok) return entry;
  const updated = await db
    .updateTable('bank_entries')
    .set({ status: 'dismissed', reason: note ? `dismissed: ${note}` : entry.value.reason, resolved_by: by, resolved_at: now })
    .where('id', '=', id)
    .where('status', '=', 'review')
    .returningAll()
    .executeTakeFirstOrThrow();
  return ok(toView(updated));
}
