/**
 * `metricsFromAggregates`: THE one definition of the reported metrics (DESIGN §4), from the
 * aggregates that `aggregate` (plain data) or the server's SQL produce.
 *
 * - ar, current, aging, disputed balance: as aggregated, integer minor units.
 * - dso / bpdso: countback over gross monthly sales with AR / current AR (countback-dso.ts).
 * - clean dso / bpdso: the same countback with clean AR / clean current AR, **against the gross
 *   monthly sales** (see aggregate.ts for why); `clean.monthlySales` is not read, so SQL that
 *   fills it either way cannot change the answer.
 * - add = dso − bpdso of the **rounded** figures, so the three reported numbers always agree.
 * - cei: gross, for D's month up to D (cei.ts); month's sales = D's month entry of the sales.
 * - meanDisputeResolutionDays: over disputes resolved on or before D, null when none.
 * Day figures and CEI are rounded to 2 decimals; nothing is ever NaN or Infinity.
 */
import { isIsoDate, monthOf, type IsoDate } from '../time/dates.ts';
import { collectionEffectivenessIndex } from './cei.ts';
import { countbackDays } from './countback-dso.ts';
import { aggregate } from './aggregate.ts';
import { meanResolutionDays } from './dispute-stats.ts';
import type { ArSnapshot, MetricsAggregates, MetricsInput, MetricsReport } from './metrics-input.ts';
import { round2 } from './round-figures.ts';

function daysOutstanding(snapshot: ArSnapshot, asOf: IsoDate, sales: ArSnapshot['monthlySales']): { dso: number; bpdso: number; add: number } {
  const dso = round2(countbackDays(snapshot.ar, asOf, sales));
  const bpdso = round2(countbackDays(snapshot.currentAr, asOf, sales));
  return { dso, bpdso, add: round2(dso - bpdso) };
}

export function metricsFromAggregates(aggregates: MetricsAggregates): MetricsReport {
  const { asOf, gross, clean } = aggregates;
  if (!isIsoDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date, got "${asOf}"`);
  const grossDays = daysOutstanding(gross, asOf, gross.monthlySales);
  const cleanDays = daysOutstanding(clean, asOf, gross.monthlySales);
  const asOfMonth = monthOf(asOf);
  const monthSales = gross.monthlySales.reduce((total, entry) => (entry.month === asOfMonth ? total + entry.sales : total), 0);
  const cei = collectionEffectivenessIndex({ arAtPreviousMonthEnd: gross.arAtPreviousMonthEnd, monthSales, ar: gross.ar, currentAr: gross.currentAr });
  const meanDays = meanResolutionDays(aggregates.resolvedDisputes);
  return {
    asOf,
    currency: aggregates.currency,
    ar: gross.ar,
    current: gross.currentAr,
    aging: { ...gross.aging },
    ...grossDays,
    cei: round2(cei),
    clean: { ar: clean.ar, ...cleanDays },
    disputedBalance: aggregates.disputedBalance,
    meanDisputeResolutionDays: meanDays === null ? null : round2(meanDays),
  };
}

/** The report for `input` as of `asOf`: `metricsFromAggregates(aggregate(input, asOf))`. */
export function computeMetrics(input: MetricsInput, asOf: IsoDate): MetricsReport {
  return metricsFromAggregates(aggregate(input, asOf));
}
