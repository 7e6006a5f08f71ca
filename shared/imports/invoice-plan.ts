/**
 * A valid CSV row → the ledger commands that record it, and the check of a row against an
 * invoice that already exists. Invariants: a row's commands only ever touch its own invoice;
 * they are planned so that once the invoice is issued the rest cannot fail on the row's data
 * (paid_date ≥ issue_date, the payment is paid_amount ≤ the invoice amount, allocated to it). An
 * existing invoice is never re-planned: same content → skipped, other content → rejected.
 *
 * The command shapes mirror `BatchCommand` in server/ledger/ledger-api.ts (shared/ may not
 * import server/); server/imports assigns them to that type, so a drift fails to compile.
 */
import { formatMajorUnits } from '../money/money.ts';
import type { Currency } from '../money/currency.ts';
import { InvoiceColumn, type ImportRowError } from './invoice-columns.ts';
import type { ImportedInvoiceRow } from './invoice-row.ts';

export type PlannedCommand =
  | {
      readonly kind: 'issueInvoice';
      readonly input: {
        readonly customerRef: string;
        readonly number: string;
        readonly issueDate: string;
        readonly dueDate: string;
        readonly currency: string;
        readonly lines: readonly { readonly description: string; readonly quantity: number; readonly unitPrice: number }[];
      };
    }
  | {
      readonly kind: 'receivePayment';
      readonly input: {
        readonly customerRef: string;
        readonly date: string;
        readonly amount: number;
        readonly currency: string;
        readonly reference: string;
        readonly allocations: readonly { readonly invoiceNumber: string; readonly amount: number }[];
      };
    }
  | { readonly kind: 'openDispute'; readonly input: { readonly invoiceNumber: string; readonly reason: 'other'; readonly note: string; readonly openedOn: string } }
  | { readonly kind: 'resolveDisputeOfInvoice'; readonly invoiceNumber: string; readonly input: { readonly outcome: 'upheld'; readonly note: string; readonly resolvedOn: string } };

/**
 * issue → (dispute opened on the issue date) → (dispute resolved "upheld" on paid_date) → (full
 * payment on paid_date). A partial payment (paid_amount below the amount) leaves a dispute open.
 */
export function planInvoiceRow(row: ImportedInvoiceRow): PlannedCommand[] {
  const amount = Number(row.amount);
  const paid = row.paidAmount === undefined ? amount : Number(row.paidAmount);
  const settled = paid === amount;
  const commands: PlannedCommand[] = [
    {
      kind: 'issueInvoice',
      input: {
        customerRef: row.customerRef,
        number: row.invoiceNumber,
        issueDate: row.issueDate,
        dueDate: row.dueDate,
        currency: row.currency,
        lines: [{ description: `Invoice ${row.invoiceNumber} (imported)`, quantity: 1, unitPrice: amount }],
      },
    },
  ];
  if (row.disputed) {
    commands.push({ kind: 'openDispute', input: { invoiceNumber: row.invoiceNumber, reason: 'other', note: 'Marked disputed in an imported CSV.', openedOn: row.issueDate } });
    if (row.paidDate && settled) {
      // Resolved before the payment so a ledger that holds payments on disputed invoices still takes it.
      commands.push({ kind: 'resolveDisputeOfInvoice', invoiceNumber: row.invoiceNumber, input: { outcome: 'upheld', note: 'Paid in full (imported CSV).', resolvedOn: row.paidDate } });
    }
  }
  if (row.paidDate) {
    commands.push({
      kind: 'receivePayment',
      input: {
        customerRef: row.customerRef,
        date: row.paidDate,
        amount: paid,
        currency: row.currency,
        reference: row.invoiceNumber,
        allocations: [{ invoiceNumber: row.invoiceNumber, amount: paid }],
      },
    });
  }
  return commands;
}

/** What the import needs to know about an invoice already in the ledger (a subset of `InvoiceView`). */
export interface ExistingInvoice {
  readonly number: string;
  readonly customerRef: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly amount: number;
  readonly currency: string;
}

/**
 * undefined → the row describes the existing invoice (re-import: skip it); otherwise one error
 * per column that differs, each naming both values. Payment and dispute columns are not
 * compared: they describe what happened after issue, which the ledger already records.
 */
export function compareWithExisting(row: ImportedInvoiceRow, existing: ExistingInvoice): ImportRowError[] | undefined {
  const errors: ImportRowError[] = [];
  const differs = (column: InvoiceColumn, theirs: string, ours: string) =>
    errors.push({ row: row.row, column, message: `Invoice ${row.invoiceNumber} already exists with ${column} ${theirs}; this row has ${ours}. Use a new invoice number or correct the row.` });
  if (existing.customerRef !== row.customerRef) differs(InvoiceColumn.customerRef, existing.customerRef, row.customerRef);
  if (existing.issueDate !== row.issueDate) differs(InvoiceColumn.issueDate, existing.issueDate, row.issueDate);
  if (existing.dueDate !== row.dueDate) differs(InvoiceColumn.dueDate, existing.dueDate, row.dueDate);
  if (existing.currency !== row.currency) differs(InvoiceColumn.currency, existing.currency, row.currency);
  else if (BigInt(existing.amount) !== row.amount) {
    const currency = row.currency as Currency;
    differs(InvoiceColumn.amount, formatMajorUnits({ amount: BigInt(existing.amount), currency }), formatMajorUnits({ amount: row.amount, currency }));
  }
  return errors.length > 0 ? errors : undefined;
}

/** A ledger field path (DomainError.field) → the CSV column a user would fix. */
export function columnForLedgerField(field: string | undefined): InvoiceColumn {
  const head = (field ?? '').split('.')[0];
  switch (head) {
    case 'customerRef':
    case 'customer':
      return InvoiceColumn.customerRef;
    case 'issueDate':
      return InvoiceColumn.issueDate;
    case 'dueDate':
      return InvoiceColumn.dueDate;
    case 'currency':
      return InvoiceColumn.currency;
    case 'lines':
    case 'amount':
    case 'allocations':
      return InvoiceColumn.amount;
    case 'date':
    case 'resolvedOn':
      return InvoiceColumn.paidDate;
    case 'openedOn':
    case 'reason':
      return InvoiceColumn.disputed;
    default:
      return InvoiceColumn.invoiceNumber;
  }
}
