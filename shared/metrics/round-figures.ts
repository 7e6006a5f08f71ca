/**
 * Rounding of reported figures: day figures and percentages to 2 decimals, halves up (DESIGN §4).
 * Amounts are integers already and are never rounded. −0 is reported as 0.
 *
 * `Math.round(x * 100) / 100` would round 1.005 down to 1 (1.005 × 100 is 100.4999… in binary),
 * so the shift by two decimal places happens on the shortest decimal text of the number instead:
 * the figure is rounded as it reads. Numbers JavaScript writes with an exponent are either
 * below 1e-6 (→ 0) or from 1e21 up (whole already, returned as they are).
 */
export function round2(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`A metric must be finite, got ${value}`);
  const text = String(value);
  if (text.includes('e')) return Math.abs(value) >= 1 ? value : 0;
  return Math.round(Number(`${text}e2`)) / 100 + 0;
}
