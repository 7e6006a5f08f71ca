import { describe, expect, it } from 'vitest';
import { collectionEffectivenessIndex, computeMetrics } from '../../../../shared/metrics/index.ts';
import { invoice, usd } from './invoice-builder.ts';

describe('CEI', () => {
  it('is collected ÷ collectible × 100', () => {
    // (10,000 + 5,000 − 6,000) / (10,000 + 5,000 − 3,000) × 100 = 9,000 / 12,000 × 100 = 75.
    expect(collectionEffectivenessIndex({ arAtPreviousMonthEnd: 10_000, monthSales: 5000, ar: 6000, currentAr: 3000 })).toBe(75);
    // Nothing collected of 1,000 overdue: (1,000 + 0 − 1,000) / (1,000 − 0) = 0.
    expect(collectionEffectivenessIndex({ arAtPreviousMonthEnd: 1000, monthSales: 0, ar: 1000, currentAr: 0 })).toBe(0);
    // Everything collected: (1,000 − 0) / (1,000 − 0) = 100.
    expect(collectionEffectivenessIndex({ arAtPreviousMonthEnd: 1000, monthSales: 0, ar: 0, currentAr: 0 })).toBe(100);
  });

  it('is 100 when nothing was collectible, never NaN or Infinity', () => {
    // No AR, no sales: 0 / 0.
    expect(collectionEffectivenessIndex({ arAtPreviousMonthEnd: 0, monthSales: 0, ar: 0, currentAr: 0 })).toBe(100);
    // Only new, not-yet-due sales: (0 + 2,000 − 2,000) / (0 + 2,000 − 2,000) = 0 / 0.
    expect(collectionEffectivenessIndex({ arAtPreviousMonthEnd: 0, monthSales: 2000, ar: 2000, currentAr: 2000 })).toBe(100);
    expect(computeMetrics(usd(), '2026-04-30').cei).toBe(100);
  });

  it("uses AR at the previous month-end and D's month's sales up to D", () => {
    // D = 2026-04-15; previous month-end 2026-03-31.
    // A: 1,000 issued 02-01 due 03-01, 400 paid 03-20, 600 paid 04-10 → open 600 at 03-31, 0 at D.
    // B: 500 issued 03-10 due 04-09, unpaid → 500 at 03-31, 500 at D (overdue).
    // C: 800 issued 04-05 due 05-05 → April sale, current at D.
    // E: 300 issued 04-20 (after D): neither sales nor AR.
    // AR at D = 500 + 800 = 1,300; current 800; previous month-end AR = 600 + 500 = 1,100.
    // CEI = (1,100 + 800 − 1,300) / (1,100 + 800 − 800) × 100 = 600 / 1,100 × 100 = 54.5454… → 54.55.
    const report = computeMetrics(
      usd(
        invoice({ issued: '2026-02-01', due: '2026-03-01', amount: 1000, paid: [{ date: '2026-03-20', amount: 400 }, { date: '2026-04-10', amount: 600 }] }),
        invoice({ issued: '2026-03-10', due: '2026-04-09', amount: 500 }),
        invoice({ issued: '2026-04-05', due: '2026-05-05', amount: 800 }),
        invoice({ issued: '2026-04-20', due: '2026-05-20', amount: 300 }),
      ),
      '2026-04-15',
    );
    expect(report).toMatchObject({ ar: 1300, current: 800, cei: 54.55 });
  });
});
