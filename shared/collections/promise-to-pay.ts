/**
 * Promise-to-pay rules. A promise names invoices, an amount and a date; it may not be in the
 * past nor exceed what is open on those invoices. While it is valid (not yet due, not broken)
 * its invoices are not chased. It is kept once payments since it was made reach its amount (or
 * the invoices are settled), and broken when its date has passed without that.
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import { isIsoDate, type IsoDate } from '../time/dates.ts';

export interface PromiseInput {
  readonly invoiceNumbers: readonly string[];
  /** Minor units. */
  readonly amount: number;
  readonly date: string;
}

export interface PromisedInvoice {
  readonly number: string;
  readonly openAmount: number;
  readonly currency: string;
}

/** `invoices`: what the ledger says about the named invoices right now (missing ones absent). */
export function validatePromise(input: PromiseInput, invoices: readonly PromisedInvoice[], today: IsoDate): Result<{ readonly openAmount: number; readonly currency: string }> {
  if (input.invoiceNumbers.length === 0) return fail(ErrorCode.validation, 'A promise names at least one invoice', 'invoiceNumbers');
  for (const [index, number] of input.invoiceNumbers.entries()) {
    const invoice = invoices.find((candidate) => candidate.number === number);
    if (!invoice) return fail(ErrorCode.validation, `Invoice ${number} is not one of this customer's invoices`, `invoiceNumbers.${index}`);
    if (invoice.openAmount <= 0) return fail(ErrorCode.validation, `Invoice ${number} is already paid`, `invoiceNumbers.${index}`);
  }
  const currencies = new Set(invoices.filter((invoice) => input.invoiceNumbers.includes(invoice.number)).map((invoice) => invoice.currency));
  if (currencies.size > 1) return fail(ErrorCode.currencyMismatch, 'A promise covers invoices of one currency', 'invoiceNumbers');
  if (!isIsoDate(input.date)) return fail(ErrorCode.validation, 'Date must be YYYY-MM-DD', 'date');
  if (input.date < today) return fail(ErrorCode.validation, `A promise cannot be in the past (today is ${today})`, 'date');
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) return fail(ErrorCode.validation, 'Amount must be a positive whole number of minor units', 'amount');
  const openAmount = invoices.filter((invoice) => input.invoiceNumbers.includes(invoice.number)).reduce((sum, invoice) => sum + invoice.openAmount, 0);
  if (input.amount > openAmount) return fail(ErrorCode.validation, `Amount ${input.amount} is above the open balance ${openAmount} of these invoices`, 'amount');
  return ok({ openAmount, currency: [...currencies][0]! });
}

export type PromiseState = 'open' | 'kept' | 'broken';

export interface PromiseFacts {
  readonly date: IsoDate;
  readonly amount: number;
  /** Open amount of the promised invoices when the promise was made, and now. */
  readonly openAtPromise: number;
  readonly openNow: number;
}

export function promiseState(promise: PromiseFacts, asOf: IsoDate): PromiseState {
  const paidSince = promise.openAtPromise - promise.openNow;
  if (promise.openNow <= 0 || paidSince >= promise.amount) return 'kept';
  return asOf > promise.date ? 'broken' : 'open';
}
