/**
 * `aggregate(input, asOf)`: plain per-invoice data → the few figures every metric is derived
 * from (`MetricsAggregates`). The server produces the same figures with aggregate SQL; both feed
 * `metricsFromAggregates`, the one definition of the metrics.
 *
 * Definitions (DESIGN §4), D = `asOf`, end of that day, UTC:
 * - AR at a date = Σ open amounts at that date (see open-amount.ts); aging by D − due (aging.ts).
 * - AR at previous month-end = AR at the last day of the month before D's month.
 * - Monthly credit sales = invoice amounts by issue month, only invoices issued on or before D;
 *   D's month first, then each earlier calendar month, zero months included, back to the month
 *   of the earliest invoice issued on or before D (just D's month, 0, when there is none).
 * - clean = the same figures without the invoices that have an open dispute at D
 *   (dispute-stats.ts). **Clean monthly sales are the gross monthly sales**: a disputed invoice
 *   was still billed in its month, so the clean countback measures undisputed AR against the same
 *   sales rate as the gross one. Clean DSO is then never above gross DSO, and the gap is the days
 *   of sales held up in disputes. (Taking disputed invoices out of sales too would let one large
 *   disputed invoice push clean DSO above gross, which reads as nonsense side by side.)
 */
import { addMonths, isIsoDate, lastDayOfMonth, monthOf, type IsoDate, type IsoMonth } from '../time/dates.ts';
import { agingBucketsAsOf, emptyAging } from './aging.ts';
import { addResolvedDisputes, hasOpenDisputeAt } from './dispute-stats.ts';
import type { AgingBucket, ArSnapshot, MetricsAggregates, MetricsInput } from './metrics-input.ts';
import { openAmountAt } from './open-amount.ts';

interface SnapshotSums {
  ar: number;
  currentAr: number;
  aging: Record<AgingBucket, number>;
  arAtPreviousMonthEnd: number;
}

const emptySums = (): SnapshotSums => ({ ar: 0, currentAr: 0, aging: emptyAging(), arAtPreviousMonthEnd: 0 });

function addTo(sums: SnapshotSums, open: number, openAtPreviousMonthEnd: number, bucket: AgingBucket | null): void {
  sums.arAtPreviousMonthEnd += openAtPreviousMonthEnd;
  if (bucket === null) return;
  sums.ar += open;
  sums.aging[bucket] += open;
  if (bucket === 'current') sums.currentAr += open;
}

export function aggregate(input: MetricsInput, asOf: IsoDate): MetricsAggregates {
  // The API validates dates at the edge; a bad one here is a bug, and string comparisons with it would quietly mislead.
  if (!isIsoDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date, got "${asOf}"`);
  const firstMonth = monthOf(asOf);
  const previousMonthEnd = lastDayOfMonth(addMonths(firstMonth, -1));
  const gross = emptySums();
  const clean = emptySums();
  const salesByMonth = new Map<IsoMonth, number>();
  const resolvedDisputes = { count: 0, totalDays: 0 };
  let disputedBalance = 0;
  let earliestMonth = firstMonth;
  const bucketOf = agingBucketsAsOf(asOf);

  for (const invoice of input.invoices) {
    addResolvedDisputes(resolvedDisputes, invoice, asOf);
    if (invoice.issueDate > asOf) continue;
    const month = monthOf(invoice.issueDate);
    salesByMonth.set(month, (salesByMonth.get(month) ?? 0) + invoice.amount);
    if (month < earliestMonth) earliestMonth = month;

    const open = openAmountAt(invoice, asOf);
    const openAtPreviousMonthEnd = openAmountAt(invoice, previousMonthEnd);
    const disputed = hasOpenDisputeAt(invoice, asOf);
    const bucket = open > 0 ? bucketOf(invoice.dueDate) : null;
    addTo(gross, open, openAtPreviousMonthEnd, bucket);
    if (disputed) disputedBalance += open;
    else addTo(clean, open, openAtPreviousMonthEnd, bucket);
  }

  const monthlySales: { month: IsoMonth; sales: number }[] = [];
  for (let month = firstMonth; month >= earliestMonth; month = addMonths(month, -1)) {
    monthlySales.push({ month, sales: salesByMonth.get(month) ?? 0 });
  }
  const snapshot = (sums: SnapshotSums): ArSnapshot => ({ ...sums, monthlySales });
  return {
    asOf,
    currency: input.currency,
    gross: snapshot(gross),
    clean: snapshot(clean),
    disputedBalance,
    resolvedDisputes,
  };
}
