/**
 * Countback DSO and BPDSO (DESIGN §4).
 *
 * **countback DSO**: start with AR at D; walk calendar months back from D's month; while AR >
 * that month's credit sales (invoices issued in it), subtract them and add the month's days (a
 * month with no sales adds its days); then add AR ÷ that month's sales × its days.
 * **BPDSO**: the same countback with current AR. **ADD** = DSO − BPDSO.
 *
 * Decisions where DESIGN is silent:
 * - **D's own month counts its days only up to D** (D's day of the month: 10 for the 10th), not
 *   the whole month. Its sales are only those issued on or before D, so the days must cover the
 *   same stretch; counting 31 days against 10 days of sales would make every mid-month DSO look
 *   up to three weeks worse than the same business at month end. Earlier months count whole.
 * - **Running out of months**: the walk never goes back past the earliest month in the sales
 *   list. AR left over there is AR that no recorded sales explain (impossible with consistent
 *   data, since AR ≤ all sales ever issued); it adds nothing, and the result is the days walked.
 * - AR ≤ 0 gives 0 days. Nothing here divides by zero: the final division happens only when
 *   that month's sales ≥ the AR left, which is > 0.
 * - Months are looked up by their `month` key, so a list that skips zero months or arrives in
 *   another order gives the same answer; months after D's month are ignored.
 */
import { addMonths, dayOfMonth, daysInMonthOf, monthOf, type IsoDate, type IsoMonth } from '../time/dates.ts';

export interface MonthlySales {
  readonly month: IsoMonth;
  readonly sales: number;
}

/** Days of sales outstanding in `ar` by the countback method, unrounded. */
export function countbackDays(ar: number, asOf: IsoDate, monthlySales: readonly MonthlySales[]): number {
  if (!(ar > 0)) return 0;
  const firstMonth = monthOf(asOf);
  const salesByMonth = new Map<IsoMonth, number>();
  let earliest = firstMonth;
  for (const { month, sales } of monthlySales) {
    salesByMonth.set(month, (salesByMonth.get(month) ?? 0) + sales);
    if (month < earliest) earliest = month;
  }
  let remaining = ar;
  let days = 0;
  for (let month = firstMonth; month >= earliest; month = addMonths(month, -1)) {
    const monthDays = month === firstMonth ? dayOfMonth(asOf) : daysInMonthOf(month);
    const sales = salesByMonth.get(month) ?? 0;
    if (remaining > sales) {
      remaining -= sales;
      days += monthDays;
    } else {
      return days + (remaining / sales) * monthDays;
    }
  }
  return days;
}
