/**
 * Payer behaviour (DESIGN §4): per customer, the amount-weighted mean of max(0, settled − due)
 * days over invoices settled on or before D; worst first.
 *
 * - "settled" is the date the invoice became fully settled (open-amount.ts `settledOn`); only
 *   invoices issued and settled on or before D count (a prepaid invoice issued after D does not
 *   exist yet at D). Paying early counts as 0 days, not as negative lateness, so early payments
 *   cannot hide late ones.
 * - The weight is the invoice amount: one late 10,000 invoice outweighs nine punctual 100 ones.
 * - Customers with no invoice settled by D (or only zero-amount ones) have no behaviour yet and
 *   are left out rather than shown as perfect payers.
 * - Order: weightedDaysLate descending; ties by settled amount descending (more money at stake
 *   first), then customerRef ascending so the order is deterministic. `limit` keeps the first n.
 * - weightedDaysLate is rounded to 2 decimals; settledAmount is minor units.
 *
 * Two steps, like the report: `aggregatePayers` (plain data → per-customer sums, which the
 * server may compute in SQL instead) and `payersFromAggregates` (sums → the ranked list).
 */
import { toEpochDay, type IsoDate } from '../time/dates.ts';
import type { MetricsInput, PayerAggregate, PayerBehaviour } from './metrics-input.ts';
import { settledOn } from './open-amount.ts';
import { round2 } from './round-figures.ts';

export function aggregatePayers(input: MetricsInput, asOf: IsoDate): PayerAggregate[] {
  // Dates repeat a lot across invoices; parsing each distinct one once keeps a million cheap.
  const epochDays = new Map<IsoDate, number>();
  const epochDay = (date: IsoDate) => epochDays.get(date) ?? epochDays.set(date, toEpochDay(date)).get(date)!;
  const byCustomer = new Map<string, { customerRef: string; amountWeightedDaysLate: number; settledInvoices: number; settledAmount: number }>();
  for (const invoice of input.invoices) {
    if (invoice.amount <= 0 || invoice.issueDate > asOf || invoice.voided) continue;
    const settled = settledOn(invoice, asOf);
    if (settled === null) continue;
    let sums = byCustomer.get(invoice.customerRef);
    if (!sums) byCustomer.set(invoice.customerRef, (sums = { customerRef: invoice.customerRef, amountWeightedDaysLate: 0, settledInvoices: 0, settledAmount: 0 }));
    sums.amountWeightedDaysLate += invoice.amount * Math.max(0, epochDay(settled) - epochDay(invoice.dueDate));
    sums.settledInvoices += 1;
    sums.settledAmount += invoice.amount;
  }
  return [...byCustomer.values()];
}

export function payersFromAggregates(rows: readonly PayerAggregate[], limit?: number): PayerBehaviour[] {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  const payers = rows
    .filter((row) => row.settledAmount > 0)
    .map((row) => ({
      customerRef: row.customerRef,
      weightedDaysLate: round2(row.amountWeightedDaysLate / row.settledAmount),
      settledInvoices: row.settledInvoices,
      settledAmount: row.settledAmount,
    }));
  payers.sort(
    (a, b) =>
      b.weightedDaysLate - a.weightedDaysLate ||
      b.settledAmount - a.settledAmount ||
      (a.customerRef < b.customerRef ? -1 : a.customerRef > b.customerRef ? 1 : 0),
  );
  return limit === undefined ? payers : payers.slice(0, limit);
}

/** `payersFromAggregates(aggregatePayers(input, asOf), limit)`. */
export function payerBehaviour(input: MetricsInput, asOf: IsoDate, limit?: number): PayerBehaviour[] {
  return payersFromAggregates(aggregatePayers(input, asOf), limit);
}
