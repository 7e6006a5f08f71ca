/**
 * Rounding of reported figures: day figures and percentages to 2 decimals (DESIGN §4). Amounts
 * are integers already and are never rounded. −0 is reported as 0.
 */
export function round2(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`A metric must be finite, got ${value}`);
  return Math.round(value * 100) / 100 + 0;
}
