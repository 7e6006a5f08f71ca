/**
 * Moving a payment's cash between "unapplied" and invoices, and giving it back:
 * - apply:   Dr unapplied cash / Cr AR (invoice) — explicit allocations or oldest-due-first;
 * - unapply: Dr AR (invoice) / Cr unapplied cash — never more than that payment put on that invoice;
 * - refund:  Dr unapplied cash / Cr cash — never more than the payment's unapplied cash.
 * None of them is dated before the payment was received: the cash did not exist yet.
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import { Account, credit, debit, transaction, TransactionKind, type TransactionPlan } from './accounts.ts';
import { checkAllocations, oldestDueFirst, type RequestedAllocation } from './allocate-cash.ts';
import type { Allocation, InvoiceState, PaymentState } from './ledger-state.ts';
import { checkAmount, checkDate } from './validation.ts';

export interface CashApplicationPlan {
  readonly transaction: TransactionPlan;
  readonly allocations: readonly Allocation[];
}

function checkPayment(payment: PaymentState): Result<PaymentState> {
  return payment.reversed ? fail(ErrorCode.invalidState, 'This payment has been reversed', 'paymentId') : ok(payment);
}

/** A calendar date on or after the day the payment was received. */
function checkDateOfPayment(payment: PaymentState, value: string): Result<string> {
  const date = checkDate(value, 'date');
  if (!date.ok) return date;
  if (date.value < payment.date) return fail(ErrorCode.validation, `date ${date.value} is before the payment was received on ${payment.date}`, 'date');
  return date;
}

export function planApplyCash(payment: PaymentState, command: { readonly date: string; readonly allocations?: readonly RequestedAllocation[] }, invoices: readonly InvoiceState[]): Result<CashApplicationPlan> {
  const usable = checkPayment(payment);
  if (!usable.ok) return usable;
  const date = checkDateOfPayment(payment, command.date);
  if (!date.ok) return date;
  if (payment.unapplied === 0n) return fail(ErrorCode.overApplication, 'This payment has no unapplied cash left', 'paymentId');
  const cash = { customerId: payment.customerId, currency: payment.currency, date: date.value, available: payment.unapplied, amountField: 'allocations' };
  let allocations: Allocation[];
  if (command.allocations) {
    const checked = checkAllocations(cash, command.allocations, new Map(invoices.map((invoice) => [invoice.number, invoice])));
    if (!checked.ok) return checked;
    allocations = checked.value;
  } else {
    allocations = oldestDueFirst(cash, invoices);
  }
  if (allocations.length === 0) return fail(ErrorCode.validation, 'There is no open invoice to apply this cash to', 'allocations');
  const refs = { customerId: payment.customerId, paymentId: payment.id };
  const applied = allocations.reduce((total, allocation) => total + allocation.amount, 0n);
  return ok({
    allocations,
    transaction: transaction({
      kind: TransactionKind.application,
      customerId: payment.customerId,
      currency: payment.currency,
      date: date.value,
      postings: [debit(Account.unappliedCash, applied, refs), ...allocations.map((allocation) => credit(Account.ar, allocation.amount, { ...refs, invoiceId: allocation.invoiceId }))],
    }),
  });
}

/**
 * `appliedToInvoice`: what this payment currently has on this invoice (Σ of its AR postings there, negated).
 * The dates of the applications are not part of that sum, so the payment's own date is the earliest allowed.
 */
export function planUnapplyCash(payment: PaymentState, invoice: InvoiceState, appliedToInvoice: bigint, command: { readonly date: string; readonly amount: number | bigint }): Result<CashApplicationPlan> {
  const usable = checkPayment(payment);
  if (!usable.ok) return usable;
  const date = checkDateOfPayment(payment, command.date);
  if (!date.ok) return date;
  const amount = checkAmount(command.amount, 'amount');
  if (!amount.ok) return amount;
  if (amount.value > appliedToInvoice) return fail(ErrorCode.overApplication, `Only ${appliedToInvoice} of this payment is applied to ${invoice.number}`, 'amount');
  const refs = { customerId: payment.customerId, paymentId: payment.id };
  return ok({
    allocations: [{ invoiceId: invoice.id, amount: -amount.value }],
    transaction: transaction({
      kind: TransactionKind.unapplication,
      customerId: payment.customerId,
      currency: payment.currency,
      date: date.value,
      postings: [debit(Account.ar, amount.value, { ...refs, invoiceId: invoice.id }), credit(Account.unappliedCash, amount.value, refs)],
    }),
  });
}

export function planRefund(payment: PaymentState, command: { readonly date: string; readonly amount: number | bigint }): Result<{ readonly transaction: TransactionPlan; readonly amount: bigint }> {
  const usable = checkPayment(payment);
  if (!usable.ok) return usable;
  const date = checkDateOfPayment(payment, command.date);
  if (!date.ok) return date;
  const amount = checkAmount(command.amount, 'amount');
  if (!amount.ok) return amount;
  if (amount.value > payment.unapplied) return fail(ErrorCode.overApplication, `Only ${payment.unapplied} of this payment is unapplied and can be refunded`, 'amount');
  const refs = { customerId: payment.customerId, paymentId: payment.id };
  return ok({
    amount: amount.value,
    transaction: transaction({
      kind: TransactionKind.refund,
      customerId: payment.customerId,
      currency: payment.currency,
      date: date.value,
      postings: [debit(Account.unappliedCash, amount.value, refs), credit(Account.cash, amount.value, refs)],
    }),
  });
}
