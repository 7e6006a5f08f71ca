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
 * The date the invoice became fully settled and stayed so: walking the settlements day by day
 * (each day's net, so the order within a day does not matter), the last day the settled total
 * rose to the amount or above without dropping below it again (a reversed payment, entered as a
 * negative settlement, unsettles the invoice). Null if it is not fully settled. With `asOf`, only
 * settlements dated on or before it count: "settled on or before D".
 */
export function settledOn(invoice: MetricsInvoice, asOf?: IsoDate): IsoDate | null {
  const dated = asOf === undefined ? invoice.settlements : invoice.settlements.filter((s) => s.date <= asOf);
  const byDate = dated.length < 2 ? dated : [...dated].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let settled = 0;
  let since: IsoDate | null = null;
  byDate.forEach((settlement, index) => {
    settled += settlement.amount;
    if (byDate[index + 1]?.date === settlement.date) return; // the day is not over yet
    if (settled < invoice.amount) since = null;
    else since ??= settlement.date;
  });
  return since;
}
