/**
 * Reversing a transaction posts its mirror image (every posting negated), dated on the reversal
 * date; the original stays in the journal. Refused when the original is itself a reversal or is
 * already reversed, or when the mirror would leave an invoice's open amount outside
 * [0, amount] or a payment's unapplied cash below zero — undo the later steps first. Reversing
 * an invoice therefore needs it untouched (open = amount), and makes it void.
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import { Account, transaction, TransactionKind, type Posting, type TransactionPlan } from './accounts.ts';
import type { InvoiceState, PaymentState } from './ledger-state.ts';
import { checkDate } from './validation.ts';

export interface OriginalTransaction {
  readonly id: string;
  readonly kind: TransactionKind;
  readonly customerId: string;
  readonly currency: string;
  readonly date: string;
  readonly reversed: boolean;
  readonly postings: readonly Posting[];
}

export interface ReversalPlan {
  readonly transaction: TransactionPlan;
  /** The invoice this reversal voids, when it reverses an invoice. */
  readonly voidsInvoiceId?: string;
  /** The payment this reversal cancels, when it reverses a payment. */
  readonly reversesPaymentId?: string;
}

export function planReversal(
  original: OriginalTransaction,
  command: { readonly date: string },
  invoices: ReadonlyMap<string, InvoiceState>,
  payments: ReadonlyMap<string, PaymentState>,
): Result<ReversalPlan> {
  const date = checkDate(command.date, 'date');
  if (!date.ok) return date;
  if (original.kind === TransactionKind.reversal) return fail(ErrorCode.invalidState, 'A reversal cannot itself be reversed; post the command again instead', 'transactionId');
  if (original.reversed) return fail(ErrorCode.invalidState, 'This transaction is already reversed', 'transactionId');
  if (date.value < original.date) return fail(ErrorCode.validation, 'date is before the transaction it reverses', 'date');
  const postings = original.postings.map((posting) => ({ ...posting, amount: -posting.amount }));

  const openDelta = new Map<string, bigint>();
  const unappliedDelta = new Map<string, bigint>();
  for (const posting of postings) {
    if (posting.account === Account.ar && posting.invoiceId) openDelta.set(posting.invoiceId, (openDelta.get(posting.invoiceId) ?? 0n) + posting.amount);
    if (posting.account === Account.unappliedCash && posting.paymentId) unappliedDelta.set(posting.paymentId, (unappliedDelta.get(posting.paymentId) ?? 0n) - posting.amount);
  }
  for (const [invoiceId, delta] of openDelta) {
    const invoice = invoices.get(invoiceId);
    if (!invoice) throw new Error(`reversal planner needs invoice ${invoiceId}`);
    const open = invoice.open + delta;
    if (open < 0n) return fail(ErrorCode.invalidState, `Invoice ${invoice.number} has payments or credits applied; reverse those first`, 'transactionId');
    if (open > invoice.amount) return fail(ErrorCode.invalidState, `Reversing this would reopen invoice ${invoice.number} beyond its amount`, 'transactionId');
  }
  for (const [paymentId, delta] of unappliedDelta) {
    const payment = payments.get(paymentId);
    if (!payment) throw new Error(`reversal planner needs payment ${paymentId}`);
    if (payment.unapplied + delta < 0n) return fail(ErrorCode.invalidState, 'Cash of this payment was applied or refunded later; reverse those first', 'transactionId');
  }
  const invoicePosting = original.kind === TransactionKind.invoice ? original.postings.find((posting) => posting.account === Account.ar) : undefined;
  const paymentPosting = original.kind === TransactionKind.payment ? original.postings.find((posting) => posting.paymentId) : undefined;
  return ok({
    transaction: transaction({ kind: TransactionKind.reversal, customerId: original.customerId, currency: original.currency, date: date.value, postings, reversesId: original.id }),
    ...(invoicePosting?.invoiceId ? { voidsInvoiceId: invoicePosting.invoiceId } : {}),
    ...(paymentPosting?.paymentId ? { reversesPaymentId: paymentPosting.paymentId } : {}),
  });
}
