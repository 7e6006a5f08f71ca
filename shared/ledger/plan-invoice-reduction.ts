/**
 * Reducing what an invoice still asks for without cash:
 * - credit note: Dr revenue / Cr AR (invoice) — a price or quantity correction, or a dispute credit;
 * - write-off:   Dr write-off expense / Cr AR (invoice) — defaults to the whole open amount.
 * Neither may exceed the invoice's open amount, and a void invoice takes neither.
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import { Account, credit, debit, transaction, TransactionKind, type TransactionPlan } from './accounts.ts';
import type { InvoiceState } from './ledger-state.ts';
import { checkAmount, checkDate } from './validation.ts';

export interface ReductionPlan {
  readonly transaction: TransactionPlan;
  readonly amount: bigint;
}

function planReduction(kind: 'credit_note' | 'write_off', invoice: InvoiceState, command: { readonly date: string; readonly amount?: number | bigint }): Result<ReductionPlan> {
  const date = checkDate(command.date, 'date');
  if (!date.ok) return date;
  if (invoice.voided) return fail(ErrorCode.invalidState, `Invoice ${invoice.number} is void`, 'invoiceNumber');
  if (date.value < invoice.issueDate) return fail(ErrorCode.validation, `date is before invoice ${invoice.number} was issued`, 'date');
  const amount = command.amount === undefined ? ok(invoice.open) : checkAmount(command.amount, 'amount');
  if (!amount.ok) return amount;
  if (amount.value === 0n) return fail(ErrorCode.invalidState, `Invoice ${invoice.number} has nothing open`, 'invoiceNumber');
  if (amount.value > invoice.open) return fail(ErrorCode.overApplication, `${amount.value} is more than the ${invoice.open} open on ${invoice.number}`, 'amount');
  const refs = { customerId: invoice.customerId };
  const expense = kind === 'credit_note' ? Account.revenue : Account.writeOffExpense;
  return ok({
    amount: amount.value,
    transaction: transaction({
      kind: kind === 'credit_note' ? TransactionKind.creditNote : TransactionKind.writeOff,
      customerId: invoice.customerId,
      currency: invoice.currency,
      date: date.value,
      postings: [debit(expense, amount.value, refs), credit(Account.ar, amount.value, { ...refs, invoiceId: invoice.id })],
    }),
  });
}

export const planCreditNote = (invoice: InvoiceState, command: { readonly date: string; readonly amount: number | bigint }) => planReduction('credit_note', invoice, command);
export const planWriteOff = (invoice: InvoiceState, command: { readonly date: string; readonly amount?: number | bigint }) => planReduction('write_off', invoice, command);
