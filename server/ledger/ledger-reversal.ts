/**
 * Reversal of any journal transaction: load the original with its postings (locked), and the
 * invoices and payments it touched, then post the planner's mirror image. Side effects on
 * records: a reversed invoice becomes void, a reversed payment is marked reversed, a reversed
 * write-off no longer counts as written off.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { Account, TransactionKind, type Posting } from '../../shared/ledger/accounts.ts';
import { planReversal, type OriginalTransaction } from '../../shared/ledger/plan-reversal.ts';
import type { PostedView } from './ledger-api.ts';
import { invoiceView } from './views.ts';
import type { WorkingSet } from './working-set.ts';

export async function loadOriginal(ws: WorkingSet, transactionId: string): Promise<OriginalTransaction | undefined> {
  let query = ws.trx.selectFrom('journal_transactions').selectAll().where('id', '=', transactionId);
  query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const entries = await ws.trx.selectFrom('journal_entries').selectAll().where('transaction_id', '=', transactionId).orderBy('id').execute();
  const postings: Posting[] = entries.map((entry) => ({
    account: entry.account as Posting['account'], amount: entry.amount, customerId: entry.customer_id,
    ...(entry.invoice_id ? { invoiceId: entry.invoice_id } : {}), ...(entry.payment_id ? { paymentId: entry.payment_id } : {}),
  }));
  // Payments before invoices, as applyCash and unapplyCash lock them: one order, no deadlock.
  await ws.loadPayments(postings.flatMap((posting) => (posting.paymentId ? [posting.paymentId] : [])));
  await ws.loadInvoices({ ids: postings.flatMap((posting) => (posting.invoiceId ? [posting.invoiceId] : [])) });
  return { id: row.id, kind: row.kind as TransactionKind, customerId: row.customer_id, currency: row.currency, date: row.effective_date, reversed: row.reversed_by_id !== null, postings };
}

export function reverse(ws: WorkingSet, original: OriginalTransaction | undefined, input: { transactionId: string; date: string }): Result<PostedView> {
  if (!original) return fail(ErrorCode.notFound, `No transaction ${input.transactionId}`, 'transactionId');
  const plan = planReversal(original, input, ws.invoicesById, ws.paymentsById);
  if (!plan.ok) return plan;
  const transactionId = randomUUID();
  ws.post(transactionId, plan.value.transaction);
  ws.markReversed(original.id, transactionId);
  if (plan.value.voidsInvoiceId) {
    const invoice = ws.invoicesById.get(plan.value.voidsInvoiceId)!;
    invoice.voided = true;
    ws.touch(invoice.id);
  }
  if (plan.value.reversesPaymentId) {
    const payment = ws.paymentsById.get(plan.value.reversesPaymentId)!;
    payment.reversed = true;
    ws.touch(payment.id);
  }
  if (original.kind === TransactionKind.writeOff) {
    for (const posting of original.postings) {
      if (posting.account !== Account.ar || !posting.invoiceId) continue;
      const invoice = ws.invoicesById.get(posting.invoiceId)!;
      invoice.writtenOff += posting.amount; // the original AR posting was a credit (negative)
      ws.touch(invoice.id);
    }
  }
  const touched = [...new Set(original.postings.flatMap((posting) => (posting.invoiceId ? [posting.invoiceId] : [])))].map((id) => ws.invoicesById.get(id)!);
  const amount = original.postings.reduce((total, posting) => total + (posting.amount > 0n ? posting.amount : 0n), 0n);
  ws.audit('reverse', { type: 'transaction', id: original.id, customerId: original.customerId, invoiceId: touched[0]?.id ?? null }, { reversalId: transactionId, kind: original.kind });
  return ok({ id: transactionId, transactionId, kind: TransactionKind.reversal, customerId: original.customerId, date: input.date, amount: Number(amount), invoices: touched.map((invoice) => invoiceView(ws, invoice)) });
}
