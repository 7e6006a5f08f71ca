/**
 * The canonical invoice CSV (DESIGN §5): a header row names the columns, in any order. Names
 * are matched case-insensitively after trimming; columns we do not know are ignored (ERP
 * exports carry extras), a known column twice or a required one missing rejects the header.
 */
export const InvoiceColumn = {
  customerRef: 'customer_ref',
  customerName: 'customer_name',
  invoiceNumber: 'invoice_number',
  issueDate: 'issue_date',
  dueDate: 'due_date',
  amount: 'amount',
  currency: 'currency',
  paidDate: 'paid_date',
  disputed: 'disputed',
  /** Paid so far (major units), with paid_date the day of the last payment; empty → paid_date means paid in full. */
  paidAmount: 'paid_amount',
} as const;
export type InvoiceColumn = (typeof InvoiceColumn)[keyof typeof InvoiceColumn];

export const invoiceColumns: readonly InvoiceColumn[] = Object.values(InvoiceColumn);
export const requiredInvoiceColumns: readonly InvoiceColumn[] = [
  InvoiceColumn.customerRef,
  InvoiceColumn.invoiceNumber,
  InvoiceColumn.issueDate,
  InvoiceColumn.dueDate,
  InvoiceColumn.amount,
];

/** One problem with one cell (or the whole row), in the file's own coordinates. */
export interface ImportRowError {
  /** 1-based row of the CSV; the header is row 1. */
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

/** Known column → its index in each record. */
export type ColumnMap = Readonly<Partial<Record<InvoiceColumn, number>>>;

export type HeaderResult = { readonly ok: true; readonly columns: ColumnMap } | { readonly ok: false; readonly errors: readonly ImportRowError[] };

const isInvoiceColumn = (name: string): name is InvoiceColumn => (invoiceColumns as readonly string[]).includes(name);

export function mapHeader(cells: readonly string[]): HeaderResult {
  const columns: Partial<Record<InvoiceColumn, number>> = {};
  const errors: ImportRowError[] = [];
  cells.forEach((cell, index) => {
    // A UTF-8 BOM glued to the first name is common in spreadsheet exports.
    const name = cell.replace(/^\uFEFF/, '').trim().toLowerCase();
    if (!isInvoiceColumn(name)) return;
    if (columns[name] !== undefined) errors.push({ row: 1, column: name, message: `Column "${name}" appears twice in the header.` });
    else columns[name] = index;
  });
  for (const required of requiredInvoiceColumns) {
    if (columns[required] === undefined) errors.push({ row: 1, column: required, message: `The header has no "${required}" column (required: ${requiredInvoiceColumns.join(', ')}).` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, columns };
}
