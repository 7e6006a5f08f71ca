/**
 * The customer's statement, as the share link downloads it (CSV and PDF): every invoice the
 * customer may see (open and paid), open and overdue totals per currency, and the same rows as
 * CSV text or as fixed-width lines for a text-only PDF. Pure: the server loads the invoices and
 * writes the bytes. Amounts stay integer minor units until formatted.
 */
import { daysBetween, type IsoDate } from '../time/dates.ts';
import { formatAmount } from './template-values.ts';
import { isCurrency } from '../money/currency.ts';
import { formatMajorUnits, money } from '../money/money.ts';

export interface StatementInvoice {
  readonly number: string;
  readonly currency: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  /** Minor units. */
  readonly amount: number;
  readonly openAmount: number;
  readonly status: string;
  readonly disputed: boolean;
}

export interface StatementBalance {
  readonly currency: string;
  readonly open: number;
  readonly overdue: number;
}

export interface Statement {
  readonly customerRef: string;
  readonly customerName: string;
  readonly asOf: IsoDate;
  readonly invoices: readonly StatementInvoice[];
  readonly balances: readonly StatementBalance[];
}

export function buildStatement(customer: { readonly ref: string; readonly name: string }, invoices: readonly StatementInvoice[], asOf: IsoDate): Statement {
  const sorted = [...invoices].sort((a, b) => (a.issueDate === b.issueDate ? a.number.localeCompare(b.number) : a.issueDate < b.issueDate ? -1 : 1));
  const balances = new Map<string, { open: number; overdue: number }>();
  for (const invoice of sorted) {
    if (invoice.openAmount <= 0) continue;
    const balance = balances.get(invoice.currency) ?? { open: 0, overdue: 0 };
    balance.open += invoice.openAmount;
    if (invoice.dueDate < asOf) balance.overdue += invoice.openAmount;
    balances.set(invoice.currency, balance);
  }
  return { customerRef: customer.ref, customerName: customer.name, asOf, invoices: sorted, balances: [...balances].sort(([a], [b]) => a.localeCompare(b)).map(([currency, balance]) => ({ currency, ...balance })) };
}

const daysLate = (invoice: StatementInvoice, asOf: IsoDate) => (invoice.openAmount > 0 ? Math.max(0, daysBetween(invoice.dueDate, asOf)) : 0);
const major = (minor: number, currency: string) => (isCurrency(currency) ? formatMajorUnits(money(minor, currency)) : String(minor));

/** A spreadsheet must not run a cell as a formula (CSV injection): text starting with = + - @ gets a leading quote. */
function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const STATEMENT_CSV_COLUMNS = ['invoice_number', 'issue_date', 'due_date', 'currency', 'amount', 'open_amount', 'status', 'disputed', 'days_late'] as const;

/** One row per invoice, amounts in decimal major units (like the import format), CRLF line ends. */
export function statementCsv(statement: Statement): string {
  const rows = statement.invoices.map((invoice) =>
    [invoice.number, invoice.issueDate, invoice.dueDate, invoice.currency, major(invoice.amount, invoice.currency), major(invoice.openAmount, invoice.currency), invoice.status, invoice.disputed ? 'yes' : 'no', daysLate(invoice, statement.asOf)].map(csvCell).join(','),
  );
  return [STATEMENT_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = text.length > width ? `${text.slice(0, width - 1)}~` : text;
  return align === 'left' ? cut.padEnd(width) : cut.padStart(width);
}

/** The statement as fixed-width text lines (a monospaced table), for the PDF. */
export function statementLines(statement: Statement): string[] {
  const header = `${fit('Invoice', 16)} ${fit('Issued', 10)} ${fit('Due', 10)} ${fit('Amount', 18, 'right')} ${fit('Open', 18, 'right')} ${fit('Status', 14)} ${fit('Late', 4, 'right')}`;
  const rows = statement.invoices.map(
    (invoice) =>
      `${fit(invoice.number, 16)} ${invoice.issueDate} ${invoice.dueDate} ${fit(formatAmount(invoice.amount, invoice.currency), 18, 'right')} ${fit(formatAmount(invoice.openAmount, invoice.currency), 18, 'right')} ${fit(invoice.status.replace('_', ' ') + (invoice.disputed ? ' (disp.)' : ''), 14)} ${fit(String(daysLate(invoice, statement.asOf) || ''), 4, 'right')}`,
  );
  const totals = statement.balances.length === 0 ? ['Nothing is open. Thank you.'] : statement.balances.map((balance) => `Open ${formatAmount(balance.open, balance.currency)}, of which overdue ${formatAmount(balance.overdue, balance.currency)}`);
  return [`Statement for ${statement.customerName} (${statement.customerRef})`, `As of ${statement.asOf}`, '', header, '-'.repeat(header.length), ...rows, '', ...totals];
}
