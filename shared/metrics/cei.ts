/**
 * Collection Effectiveness Index (DESIGN §4), for the month ending D (D's month up to D):
 *
 *   CEI = (AR at previous month-end + month's sales − AR at D)
 *       ÷ (AR at previous month-end + month's sales − current AR at D) × 100
 *
 * "Month's sales" are the credit sales of D's month issued on or before D. The numerator is what
 * was collected (or credited) of everything there was to collect; the denominator leaves out what
 * is not yet due. With consistent data 0 ≤ numerator ≤ denominator, so CEI lies in [0, 100].
 *
 * Decision where DESIGN is silent: when nothing was collectible (denominator ≤ 0: no AR at the
 * previous month-end and no sales, or everything still current) the index is **100**. Nothing
 * fell due, so nothing was missed; this never reports NaN or Infinity, and it does not flag a
 * quiet month as a collections failure.
 */
export interface CeiInputs {
  readonly arAtPreviousMonthEnd: number;
  readonly monthSales: number;
  readonly ar: number;
  readonly currentAr: number;
}

/** The index in percent, unrounded. */
export function collectionEffectivenessIndex({ arAtPreviousMonthEnd, monthSales, ar, currentAr }: CeiInputs): number {
  const collectible = arAtPreviousMonthEnd + monthSales - currentAr;
  if (collectible <= 0) return 100;
  return ((arAtPreviousMonthEnd + monthSales - ar) / collectible) * 100;
}
