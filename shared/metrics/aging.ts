/**
 * Aging (DESIGN §4): **current** = open and due date ≥ D; **aging** by days past due (D − due):
 * current (≤ 0), 1–30, 31–60, 61–90, 91+.
 *
 * Each open invoice's open amount at D falls into exactly one bucket, so the buckets sum to AR,
 * and "due date ≥ D" is exactly "D − due ≤ 0": `currentAr` and `aging.current` are one number.
 * Days are whole calendar days: 0 on the due date itself, 1 the day after.
 */
import { addDays, daysBetween, type IsoDate } from '../time/dates.ts';
import type { AgingBucket } from './metrics-input.ts';

/** The buckets in display order, youngest first. */
export const agingBuckets: readonly AgingBucket[] = ['current', '1-30', '31-60', '61-90', '91+'];

/** The bucket for a number of days past due (negative = not yet due). */
export function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '91+';
}

/** D − due in whole days: 0 on the due date itself, 1 the day after. */
export function daysPastDue(dueDate: IsoDate, asOf: IsoDate): number {
  return daysBetween(dueDate, asOf);
}

/**
 * The bucket of an invoice due on `dueDate`, found by comparing date strings with the bucket
 * edges instead of parsing dates: the same answer as `agingBucket(daysPastDue(due, asOf))`,
 * cheap enough for a million invoices. Build once per as-of date, call per invoice.
 */
export function agingBucketsAsOf(asOf: IsoDate): (dueDate: IsoDate) => AgingBucket {
  const [edge30, edge60, edge90] = [addDays(asOf, -30), addDays(asOf, -60), addDays(asOf, -90)];
  return (dueDate) => (dueDate >= asOf ? 'current' : dueDate >= edge30 ? '1-30' : dueDate >= edge60 ? '31-60' : dueDate >= edge90 ? '61-90' : '91+');
}

export function emptyAging(): Record<AgingBucket, number> {
  return { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '91+': 0 };
}
