/**
 * Negotiated terms vs invoice: sales records what was agreed with a customer (payment terms,
 * discount, optionally list prices); an invoice that contradicts it is the commonest root cause
 * of disputes, so it goes to finance as a task before its first reminder. Discounts are in basis
 * points (1 % = 100) so expected prices stay integer.
 */
import { daysBetween, type IsoDate } from '../time/dates.ts';

export interface NegotiatedTerms {
  readonly paymentTermsDays: number | null;
  readonly discountBps: number;
  /** Line description → list unit price (minor units) before the discount. */
  readonly listPrices: Readonly<Record<string, number>>;
  readonly notes: string;
}

export interface TermsInvoice {
  readonly number: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly lines: readonly { readonly description: string; readonly unitPrice: number }[];
}

export interface TermsMismatch {
  readonly field: 'paymentTerms' | 'amount';
  readonly message: string;
}

/** Unit price after a discount, rounded half up to a minor unit. */
export function discountedPrice(listPrice: number, discountBps: number): number {
  const numerator = BigInt(listPrice) * BigInt(10_000 - discountBps);
  return Number((numerator + 5_000n) / 10_000n);
}

export function termsMismatches(terms: NegotiatedTerms, invoice: TermsInvoice): TermsMismatch[] {
  const found: TermsMismatch[] = [];
  const days = daysBetween(invoice.issueDate, invoice.dueDate);
  if (terms.paymentTermsDays !== null && days !== terms.paymentTermsDays) {
    found.push({ field: 'paymentTerms', message: `Invoice ${invoice.number} is due in ${days} days; negotiated terms are ${terms.paymentTermsDays} days` });
  }
  for (const line of invoice.lines) {
    const list = terms.listPrices[line.description];
    if (list === undefined) continue;
    const expected = discountedPrice(list, terms.discountBps);
    if (line.unitPrice !== expected) {
      found.push({ field: 'amount', message: `Invoice ${invoice.number}: "${line.description}" billed at ${line.unitPrice}, negotiated ${expected} (list ${list} less ${terms.discountBps / 100} %)` });
    }
  }
  return found;
}
