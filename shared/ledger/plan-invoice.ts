/**
 * Issuing an invoice: Dr AR (total) / Cr revenue (net of tax) / Cr tax payable (tax as given).
 * Lines are quantity × unit price (integers: no fractional cents appear) plus the line's tax.
 * The due date defaults to issue date + the customer's payment terms.
 * No line and no total exceeds Number.MAX_SAFE_INTEGER, so every amount fits a bigint column
 * and survives the JSON number the API answers with.
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import { addDays } from '../time/dates.ts';
import { Account, credit, debit, transaction, TransactionKind, type TransactionPlan } from './accounts.ts';
import type { CustomerState } from './ledger-state.ts';
import { checkAmount, checkCurrency, checkDate } from './validation.ts';

export interface InvoiceLineCommand {
  readonly description: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly tax?: number;
}

export interface IssueInvoiceCommand {
  readonly invoiceId: string;
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate?: string;
  readonly currency?: string;
  readonly lines: readonly InvoiceLineCommand[];
}

export interface PlannedLine {
  readonly description: string;
  readonly quantity: number;
  readonly unitPrice: bigint;
  readonly tax: bigint;
  readonly amount: bigint;
}

export interface InvoicePlan {
  readonly transaction: TransactionPlan;
  readonly number: string;
  readonly currency: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly lines: readonly PlannedLine[];
  readonly net: bigint;
  readonly tax: bigint;
  readonly amount: bigint;
}

const MAX_QUANTITY = 1_000_000_000;
const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER);

export function planInvoice(customer: CustomerState, command: IssueInvoiceCommand): Result<InvoicePlan> {
  if (!/^[\w./-]{1,64}$/.test(command.number)) return fail(ErrorCode.validation, 'number must be 1–64 letters, digits or ./-_', 'number');
  const issueDate = checkDate(command.issueDate, 'issueDate');
  if (!issueDate.ok) return issueDate;
  const dueDate = command.dueDate === undefined ? ok(addDays(command.issueDate, customer.paymentTermsDays)) : checkDate(command.dueDate, 'dueDate');
  if (!dueDate.ok) return dueDate;
  if (dueDate.value < issueDate.value) return fail(ErrorCode.validation, 'dueDate must not be before issueDate', 'dueDate');
  const currency = checkCurrency(command.currency ?? customer.currency, customer.currency);
  if (!currency.ok) return currency;
  if (command.lines.length === 0) return fail(ErrorCode.validation, 'An invoice needs at least one line', 'lines');

  const lines: PlannedLine[] = [];
  for (const [index, line] of command.lines.entries()) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) return fail(ErrorCode.validation, `lines.${index}.quantity must be a whole number ≥ 1`, `lines.${index}.quantity`);
    const unitPrice = checkAmount(line.unitPrice, `lines.${index}.unitPrice`, { allowZero: true });
    if (!unitPrice.ok) return unitPrice;
    const tax = checkAmount(line.tax ?? 0, `lines.${index}.tax`, { allowZero: true });
    if (!tax.ok) return tax;
    const net = unitPrice.value * BigInt(line.quantity);
    const lineAmount = net + tax.value;
    if (lineAmount > MAX_AMOUNT) return fail(ErrorCode.validation, `lines.${index}: quantity × unitPrice + tax must not exceed ${Number.MAX_SAFE_INTEGER}`, `lines.${index}.unitPrice`);
    lines.push({ description: line.description, quantity: line.quantity, unitPrice: unitPrice.value, tax: tax.value, amount: lineAmount });
  }
  const net = lines.reduce((total, line) => total + line.amount - line.tax, 0n);
  const tax = lines.reduce((total, line) => total + line.tax, 0n);
  const amount = net + tax;
  if (amount <= 0n) return fail(ErrorCode.validation, 'An invoice must total more than zero', 'lines');
  if (amount > MAX_AMOUNT) return fail(ErrorCode.validation, `The invoice total must not exceed ${Number.MAX_SAFE_INTEGER}`, 'lines');

  const refs = { customerId: customer.id };
  return ok({
    transaction: transaction({
      kind: TransactionKind.invoice,
      customerId: customer.id,
      currency: currency.value,
      date: issueDate.value,
      postings: [debit(Account.ar, amount, { ...refs, invoiceId: command.invoiceId }), credit(Account.revenue, net, refs), credit(Account.taxPayable, tax, refs)],
    }),
    number: command.number,
    currency: currency.value,
    issueDate: issueDate.value,
    dueDate: dueDate.value,
    lines,
    net,
    tax,
    amount,
  });
}
