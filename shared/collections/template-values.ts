/**
 * The values a reminder's template sees, built from one customer's grouped invoices. Amounts are
 * formatted from minor units (never through floats) for people to read.
 */
import { isCurrency } from '../money/currency.ts';
import { formatMajorUnits, money } from '../money/money.ts';
import { daysBetween, type IsoDate } from '../time/dates.ts';
import type { TemplateValues } from './template.ts';

export interface MessageInvoice {
  readonly number: string;
  readonly dueDate: IsoDate;
  /** Minor units. */
  readonly openAmount: number;
  readonly currency: string;
}

export interface MessageContext {
  readonly customer: { readonly name: string; readonly ref: string };
  readonly contact: { readonly name: string; readonly email: string } | undefined;
  readonly invoices: readonly MessageInvoice[];
  readonly asOf: IsoDate;
  readonly link: string;
}

export function formatAmount(minor: number, currency: string): string {
  return isCurrency(currency) ? `${formatMajorUnits(money(minor, currency))} ${currency}` : `${minor} ${currency}`;
}

export function templateValues(context: MessageContext): TemplateValues {
  const invoices = [...context.invoices].sort((a, b) => (a.dueDate === b.dueDate ? a.number.localeCompare(b.number) : a.dueDate < b.dueDate ? -1 : 1));
  const currency = invoices[0]?.currency ?? '';
  const total = invoices.reduce((sum, invoice) => sum + invoice.openAmount, 0);
  const lateness = (invoice: MessageInvoice) => Math.max(0, daysBetween(invoice.dueDate, context.asOf));
  const invoiceList = invoices
    .map((invoice) => {
      const late = lateness(invoice);
      return `- ${invoice.number}: ${formatAmount(invoice.openAmount, invoice.currency)} due ${invoice.dueDate}${late > 0 ? ` (${late} days late)` : ''}`;
    })
    .join('\n');
  return {
    customerName: context.customer.name,
    customerRef: context.customer.ref,
    contactName: context.contact?.name ?? context.customer.name,
    contactEmail: context.contact?.email ?? '',
    invoiceList,
    invoiceCount: String(invoices.length),
    totalAmount: formatAmount(total, currency),
    currency,
    earliestDueDate: invoices[0]?.dueDate ?? '',
    maxDaysLate: String(invoices.reduce((max, invoice) => Math.max(max, lateness(invoice)), 0)),
    link: context.link,
  };
}
