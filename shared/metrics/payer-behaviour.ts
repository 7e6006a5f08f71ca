/**
 * Payer behaviour (DESIGN §4): per customer, the amount-weighted mean of max(0, settled − due)
 * days over invoices settled on or before D; worst first.
 *
 * - "settled" is the date the invoice became fully settled (open-amount.ts `settledOn`); only
 *   invoices whose settled date is on or before D count. Paying early counts as 0 days, not as
 *   negative lateness, so early payments cannot hide late ones.
 * - The weight is the invoice amount: one late 10,000 invoice outweighs nine punctual 100 ones.
 * - Customers with no invoice settled by D (or only zero-amount ones) have no behaviour yet and
 *   are left out rather than shown as perfect payers.
 * - Order: weightedDaysLate descending; ties by settled amount descending (more money at stake
 *   first), then customerRef ascending so the order is deterministic. `limit` keeps the first n.
 * - weightedDaysLate is rounded to 2 decimals; settledAmount is minor units.
 */
import { daysBetween, type IsoDate } from '../time/dates.ts';
import type { MetricsInput, PayerBehaviour } from './metrics-input.ts';
import { settledOn } from './open-amount.ts';
import { round2 } from './round-figures.ts';

export function payerBehaviour(input: MetricsInput, asOf: IsoDate, limit?: number): PayerBehaviour[] {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  const byCustomer = new Map<string, { weightedDays: number; invoices: number; amount: number }>();
  for (const invoice of input.invoices) {
    if (invoice.amount <= 0 || invoice.issueDate > asOf) continue;
    const settled = settledOn(invoice);
    if (settled === null || settled > asOf) continue;
    const sums = byCustomer.get(invoice.customerRef) ?? { weightedDays: 0, invoices: 0, amount: 0 };
    sums.weightedDays += invoice.amount * Math.max(0, daysBetween(invoice.dueDate, settled));
    sums.invoices += 1;
    sums.amount += invoice.amount;
    byCustomer.set(invoice.customerRef, sums);
  }
  const payers = [...byCustomer].map(([customerRef, sums]) => ({
    customerRef,
    weightedDaysLate: round2(sums.weightedDays / sums.amount),
    settledInvoices: sums.invoices,
    settledAmount: sums.amount,
  }));
  payers.sort(
    (a, b) =>
      b.weightedDaysLate - a.weightedDaysLate ||
      b.settledAmount - a.settledAmount ||
      (a.customerRef < b.customerRef ? -1 : a.customerRef > b.customerRef ? 1 : 0),
  );
  return limit === undefined ? payers : payers.slice(0, limit);
}
