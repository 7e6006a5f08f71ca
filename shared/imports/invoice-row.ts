/**
 * One CSV record → a validated invoice row, or every problem of that row at once (so a user
 * fixes a file in one pass). Dates are `YYYY-MM-DD`; the amount is decimal major units, parsed
 * exactly into minor units; `currency` defaults to USD; `disputed` is true/yes/1 or
 * false/no/0/empty, case-insensitive. `paid_amount` (optional, with paid_date) records a partial
 * payment; empty with a paid_date means paid in full.
 */
import { isCurrency, type Currency } from '../money/currency.ts';
import { parseMajorUnits } from '../money/money.ts';
import { isLedgerDate, type IsoDate } from '../time/dates.ts';
import { InvoiceColumn, type ColumnMap, type ImportRowError } from './invoice-columns.ts';

export const DEFAULT_IMPORT_CURRENCY: Currency = 'USD';
const MAX_REF_LENGTH = 64;
const MAX_NAME_LENGTH = 200;

export interface ImportedInvoiceRow {
  /** 1-based CSV row (header = 1). */
  readonly row: number;
  readonly customerRef: string;
  readonly customerName: string | undefined;
  readonly invoiceNumber: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  /** Minor units, > 0. */
  readonly amount: bigint;
  readonly currency: Currency;
  readonly paidDate: IsoDate | undefined;
  /** Minor units paid by paidDate, 0 < paidAmount ≤ amount; undefined with a paidDate → the full amount. */
  readonly paidAmount?: bigint;
  readonly disputed: boolean;
}

export interface RowParseOptions {
  /** Payments dated after this day are refused (a paid date in the future is a typo). */
  readonly today?: IsoDate;
}

export type RowResult = { readonly ok: true; readonly value: ImportedInvoiceRow } | { readonly ok: false; readonly errors: readonly ImportRowError[] };

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0', '']);

export function parseInvoiceRow(cells: readonly string[], columns: ColumnMap, row: number, options: RowParseOptions = {}): RowResult {
  const errors: ImportRowError[] = [];
  const cell = (column: InvoiceColumn): string => {
    const index = columns[column];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const error = (column: InvoiceColumn, message: string) => errors.push({ row, column, message });

  const text = (column: InvoiceColumn, maxLength: number, required: boolean): string | undefined => {
    const value = cell(column);
    if (value === '') {
      if (required) error(column, `${column} is empty; it is required.`);
      return undefined;
    }
    if (value.length > maxLength) error(column, `${column} is ${value.length} characters long; at most ${maxLength} are allowed.`);
    return value;
  };
  const date = (column: InvoiceColumn, required: boolean): IsoDate | undefined => {
    const value = cell(column);
    if (value === '') {
      if (required) error(column, `${column} is empty; a date YYYY-MM-DD is required.`);
      return undefined;
    }
    if (!isLedgerDate(value)) {
      error(column, `${column} "${value}" is not a calendar date YYYY-MM-DD from 1900 on.`);
      return undefined;
    }
    return value;
  };

  const customerRef = text(InvoiceColumn.customerRef, MAX_REF_LENGTH, true);
  const customerName = text(InvoiceColumn.customerName, MAX_NAME_LENGTH, false);
  const invoiceNumber = text(InvoiceColumn.invoiceNumber, MAX_REF_LENGTH, true);
  const issueDate = date(InvoiceColumn.issueDate, true);
  const dueDate = date(InvoiceColumn.dueDate, true);
  const paidDate = date(InvoiceColumn.paidDate, false);

  const currencyText = cell(InvoiceColumn.currency).toUpperCase() || DEFAULT_IMPORT_CURRENCY;
  const currency = isCurrency(currencyText) ? currencyText : undefined;
  if (!currency) error(InvoiceColumn.currency, `currency "${currencyText}" is not an ISO 4217 code we accept.`);

  let amount: bigint | undefined;
  const amountText = cell(InvoiceColumn.amount);
  if (amountText === '') error(InvoiceColumn.amount, 'amount is empty; a decimal amount in major units is required.');
  else if (currency) {
    const parsed = parseMajorUnits(amountText, currency, InvoiceColumn.amount);
    if (!parsed.ok) error(InvoiceColumn.amount, `amount ${parsed.error.message}.`);
    else if (parsed.value.amount <= 0n) error(InvoiceColumn.amount, `amount "${amountText}" must be greater than zero.`);
    else if (parsed.value.amount > BigInt(Number.MAX_SAFE_INTEGER)) error(InvoiceColumn.amount, `amount "${amountText}" is too large.`);
    else amount = parsed.value.amount;
  }

  let paidAmount: bigint | undefined;
  const paidAmountText = cell(InvoiceColumn.paidAmount);
  if (paidAmountText !== '' && currency) {
    const parsed = parseMajorUnits(paidAmountText, currency, InvoiceColumn.paidAmount);
    if (!parsed.ok) error(InvoiceColumn.paidAmount, `paid_amount ${parsed.error.message}.`);
    else if (parsed.value.amount < 0n) error(InvoiceColumn.paidAmount, `paid_amount "${paidAmountText}" must not be negative.`);
    else if (amount !== undefined && parsed.value.amount > amount) error(InvoiceColumn.paidAmount, `paid_amount "${paidAmountText}" is more than the amount "${amountText}".`);
    else if (parsed.value.amount > 0n) {
      paidAmount = parsed.value.amount;
      if (!paidDate) error(InvoiceColumn.paidAmount, 'paid_amount needs a paid_date (the day of the last payment).');
    }
  }

  const disputedText = cell(InvoiceColumn.disputed).toLowerCase();
  const disputed = TRUE_WORDS.has(disputedText);
  if (!disputed && !FALSE_WORDS.has(disputedText)) error(InvoiceColumn.disputed, `disputed "${cell(InvoiceColumn.disputed)}" is not one of true/yes/1 or false/no/0.`);

  if (issueDate && dueDate && dueDate < issueDate) error(InvoiceColumn.dueDate, `due_date ${dueDate} is before issue_date ${issueDate}.`);
  if (issueDate && paidDate && paidDate < issueDate) error(InvoiceColumn.paidDate, `paid_date ${paidDate} is before issue_date ${issueDate}.`);
  if (paidDate && options.today && paidDate > options.today) error(InvoiceColumn.paidDate, `paid_date ${paidDate} is in the future.`);

  if (errors.length > 0 || !customerRef || !invoiceNumber || !issueDate || !dueDate || amount === undefined || !currency) {
    return { ok: false, errors };
  }
  // paid_date with paid_amount 0 → nothing paid yet.
  const paid = paidAmountText !== '' && paidAmount === undefined ? undefined : paidDate;
  return { ok: true, value: { row, customerRef, customerName, invoiceNumber, issueDate, dueDate, amount, currency, paidDate: paid, ...(paidAmount !== undefined && paidAmount < amount ? { paidAmount } : {}), disputed } };
}
