/**
 * Open amount and settlement of one invoice at a date (DESIGN §4).
 *
 * For an as-of date D (end of that day, UTC):
 * - an invoice is **open** at D if issued on or before D and not fully settled on or before D;
 * - its **open amount** is amount − payments and credits dated on or before D.
 *
 * "End of day" means everything dated D counts: a payment dated D is already in, an invoice
 * issued on D is already out. Settlements beyond the amount (overpayment) leave the invoice
 * settled with open amount 0, never negative; the excess is unapplied cash, not AR.
 * ISO dates compare correctly as strings, so no date parsing happens on this hot path.
 */
import type { MetricsInvoice } from './metrics-input.ts';
import type { IsoDate } from '../time/dates.ts';

/** Amount − settlements dated on or before `date`, floored at 0; 0 if not yet issued at `date`. */
export function openAmountAt(invoice: MetricsInvoice, date: IsoDate): number {
  if (invoice.issueDate > date) return 0;
  let settled = 0;
  for (const settlement of invoice.settlements) {
    if (settlement.date <= date) settled += settlement.amount;
  }
  return Math.max(0, invoice.amount - settled);
}

/** Issued on or before `date` and not fully settled on or before it. */
export function isOpenAt(invoice: MetricsInvoice, date: IsoDate): boolean {
  return openAmountAt(invoice, date) > 0;
}

/**
 * The date the invoice became fully settled: the date of the settlement that brought the
 * settled total up to the amount (settlements taken in date order), or null if it never did.
 */
export function settledOn(invoice: MetricsInvoice): IsoDate | null {
  const byDate = invoice.settlements.length < 2 ? invoice.settlements : [...invoice.settlements].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let settled = 0;
  for (const settlement of byDate) {
    settled += settlement.amount;
    if (settled >= invoice.amount) return settlement.date;
  }
  return null;
}
