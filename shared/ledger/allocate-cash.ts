/**
 * Deciding which invoices a sum of cash settles: explicit allocations are checked (own
 * customer, same currency, not before the invoice, never beyond its open amount, never more in
 * total than the cash); without them the cash goes oldest-due-first (then issue date, number).
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import type { Allocation, InvoiceState } from './ledger-state.ts';
import { checkAmount } from './validation.ts';

export interface RequestedAllocation {
  readonly invoiceNumber: string;
  readonly amount: number | bigint;
}

export interface CashToAllocate {
  readonly customerId: string;
  readonly currency: string;
  readonly date: string;
  readonly available: bigint;
  /** The field holding `available` in the request, for error messages. */
  readonly amountField: string;
}

export function checkAllocations(cash: CashToAllocate, requested: readonly RequestedAllocation[], invoicesByNumber: ReadonlyMap<string, InvoiceState>): Result<Allocation[]> {
  const seen = new Set<string>();
  const allocations: Allocation[] = [];
  let total = 0n;
  for (const [index, item] of requested.entries()) {
    const field = `allocations.${index}`;
    const amount = checkAmount(item.amount, `${field}.amount`);
    if (!amount.ok) return amount;
    const invoice = invoicesByNumber.get(item.invoiceNumber);
    if (!invoice || invoice.customerId !== cash.customerId) return fail(ErrorCode.validation, `Invoice ${item.invoiceNumber} is not an invoice of this customer`, `${field}.invoiceNumber`);
    if (seen.has(invoice.id)) return fail(ErrorCode.validation, `Invoice ${item.invoiceNumber} appears twice`, `${field}.invoiceNumber`);
    seen.add(invoice.id);
    if (invoice.voided) return fail(ErrorCode.invalidState, `Invoice ${item.invoiceNumber} is void`, `${field}.invoiceNumber`);
    if (invoice.currency !== cash.currency) return fail(ErrorCode.currencyMismatch, `Invoice ${item.invoiceNumber} is in ${invoice.currency}, the cash in ${cash.currency}`, `${field}.invoiceNumber`);
    if (cash.date < invoice.issueDate) return fail(ErrorCode.validation, `The cash is dated before invoice ${item.invoiceNumber} was issued`, 'date');
    if (amount.value > invoice.open) return fail(ErrorCode.overApplication, `${amount.value} is more than the ${invoice.open} still open on ${item.invoiceNumber}`, `${field}.amount`);
    total += amount.value;
    allocations.push({ invoiceId: invoice.id, amount: amount.value });
  }
  if (total > cash.available) return fail(ErrorCode.overApplication, `The allocations (${total}) exceed the ${cash.available} available`, cash.amountField);
  return ok(allocations);
}

export function oldestDueFirst(cash: CashToAllocate, openInvoices: readonly InvoiceState[]): Allocation[] {
  const candidates = openInvoices
    .filter((invoice) => invoice.customerId === cash.customerId && invoice.currency === cash.currency && !invoice.voided && invoice.open > 0n && invoice.issueDate <= cash.date)
    .sort((a, b) => (a.dueDate !== b.dueDate ? (a.dueDate < b.dueDate ? -1 : 1) : a.issueDate !== b.issueDate ? (a.issueDate < b.issueDate ? -1 : 1) : a.number < b.number ? -1 : 1));
  const allocations: Allocation[] = [];
  let left = cash.available;
  for (const invoice of candidates) {
    if (left === 0n) break;
    const amount = invoice.open < left ? invoice.open : left;
    allocations.push({ invoiceId: invoice.id, amount });
    left -= amount;
  }
  return allocations;
}
