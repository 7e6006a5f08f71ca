/**
 * Receiving a payment: Dr cash (amount) / Cr AR per allocated invoice / Cr unapplied cash for
 * whatever is left (overpayment or no open invoice): that becomes the customer's credit.
 */
import { ok, type Result } from '../result.ts';
import { Account, credit, debit, transaction, TransactionKind, type TransactionPlan } from './accounts.ts';
import { checkAllocations, oldestDueFirst, type RequestedAllocation } from './allocate-cash.ts';
import type { Allocation, CustomerState, InvoiceState } from './ledger-state.ts';
import { checkAmount, checkCurrency, checkDate } from './validation.ts';

export interface ReceivePaymentCommand {
  readonly paymentId: string;
  readonly date: string;
  readonly amount: number | bigint;
  readonly currency: string;
  /** Absent → oldest-due-first over `openInvoices`. */
  readonly allocations?: readonly RequestedAllocation[];
}

export interface PaymentPlan {
  readonly transaction: TransactionPlan;
  readonly amount: bigint;
  readonly allocations: readonly Allocation[];
  readonly unapplied: bigint;
}

/** `invoices`: the customer's open invoices (oldest-first) or at least those named in allocations. */
export function planPayment(customer: CustomerState, command: ReceivePaymentCommand, invoices: readonly InvoiceState[]): Result<PaymentPlan> {
  const date = checkDate(command.date, 'date');
  if (!date.ok) return date;
  const amount = checkAmount(command.amount, 'amount');
  if (!amount.ok) return amount;
  const currency = checkCurrency(command.currency, customer.currency);
  if (!currency.ok) return currency;
  const cash = { customerId: customer.id, currency: currency.value, date: date.value, available: amount.value, amountField: 'amount' };
  let allocations: Allocation[];
  if (command.allocations) {
    const checked = checkAllocations(cash, command.allocations, new Map(invoices.map((invoice) => [invoice.number, invoice])));
    if (!checked.ok) return checked;
    allocations = checked.value;
  } else {
    allocations = oldestDueFirst(cash, invoices);
  }
  const applied = allocations.reduce((total, allocation) => total + allocation.amount, 0n);
  const unapplied = amount.value - applied;
  const refs = { customerId: customer.id, paymentId: command.paymentId };
  return ok({
    transaction: transaction({
      kind: TransactionKind.payment,
      customerId: customer.id,
      currency: currency.value,
      date: date.value,
      postings: [
        debit(Account.cash, amount.value, refs),
        ...allocations.map((allocation) => credit(Account.ar, allocation.amount, { ...refs, invoiceId: allocation.invoiceId })),
        credit(Account.unappliedCash, unapplied, refs),
      ],
    }),
    amount: amount.value,
    allocations,
    unapplied,
  });
}
