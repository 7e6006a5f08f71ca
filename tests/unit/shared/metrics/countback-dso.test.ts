import { describe, expect, it } from 'vitest';
import { computeMetrics, countbackDays } from '../../../../shared/metrics/index.ts';
import { invoice, usd } from './invoice-builder.ts';

describe('countback DSO', () => {
  it('walks several months back until the AR is used up', () => {
    // D = 2026-04-30 (a month end, so April counts all 30 days). AR 5,000.
    // Apr: 5,000 > 1,000 → 4,000 left, 30 days. Mar: 4,000 > 3,000 → 1,000 left, 30 + 31 = 61.
    // Feb (28 days in 2026): 1,000 ≤ 2,000 → + 1,000 / 2,000 × 28 = 14 → 75 days.
    const sales = [
      { month: '2026-04', sales: 1000 },
      { month: '2026-03', sales: 3000 },
      { month: '2026-02', sales: 2000 },
      { month: '2026-01', sales: 4000 },
    ];
    expect(countbackDays(5000, '2026-04-30', sales)).toBe(75);
  });

  it('adds the whole days of a month with no sales and keeps walking', () => {
    // D = 2026-03-31, AR 1,050. Mar: 1,050 > 600 → 450 left, 31 days. Feb: no sales, 450 > 0 →
    // 450 left, 31 + 28 = 59. Jan: 450 ≤ 900 → + 450 / 900 × 31 = 15.5 → 74.5 days.
    const sales = [
      { month: '2026-03', sales: 600 },
      { month: '2026-02', sales: 0 },
      { month: '2026-01', sales: 900 },
    ];
    expect(countbackDays(1050, '2026-03-31', sales)).toBe(74.5);
    // The same when the zero month is simply missing from the list, or the list is out of order.
    expect(countbackDays(1050, '2026-03-31', [sales[2]!, sales[0]!])).toBe(74.5);
  });

  it("counts D's own month only up to D", () => {
    // D = 2026-03-10: March's 1,000 of sales were made in 10 days. AR 500 → 500 / 1,000 × 10 = 5
    // days (counting all 31 days of March would say 15.5 for the same business).
    expect(countbackDays(500, '2026-03-10', [{ month: '2026-03', sales: 1000 }])).toBe(5);
  });

  it('handles an as-of date in a month with almost no sales', () => {
    // D = 2026-05-03: May has 10 of sales in its 3 days; April 3,000 in 30 days. AR 1,510.
    // May: 1,510 > 10 → 1,500 left, 3 days. Apr: 1,500 / 3,000 × 30 = 15 → 18 days.
    const sales = [
      { month: '2026-05', sales: 10 },
      { month: '2026-04', sales: 3000 },
    ];
    expect(countbackDays(1510, '2026-05-03', sales)).toBe(18);
  });

  it('gives full days when the AR equals a month of sales, and 0 with no AR', () => {
    expect(countbackDays(3000, '2026-04-30', [{ month: '2026-04', sales: 3000 }])).toBe(30);
    expect(countbackDays(0, '2026-04-30', [{ month: '2026-04', sales: 0 }])).toBe(0);
    expect(countbackDays(0, '2026-04-30', [])).toBe(0);
  });

  it('stops at the earliest month it is given and never returns NaN or Infinity', () => {
    // AR 5,000 but only 1,000 of sales ever (inconsistent data): Apr 30 days, then no earlier
    // month to walk to → 30, the days walked.
    expect(countbackDays(5000, '2026-04-30', [{ month: '2026-04', sales: 1000 }])).toBe(30);
    // No sales list at all: only D's month (10 days up to D) is walked.
    expect(countbackDays(100, '2026-04-10', [])).toBe(10);
    // Months after D's month do not count.
    expect(countbackDays(100, '2026-04-10', [{ month: '2026-05', sales: 100 }])).toBe(10);
  });

  it('walks back across a year end and through a leap February', () => {
    // D = 2024-03-15, AR 2,000. Mar (15 days): 2,000 > 500 → 1,500 left, 15. Feb 2024 (29 days):
    // 1,500 > 1,000 → 500 left, 44. Jan: no sales → 75. Dec 2023: 500 / 1,000 × 31 = 15.5 → 90.5.
    const sales = [
      { month: '2024-03', sales: 500 },
      { month: '2024-02', sales: 1000 },
      { month: '2023-12', sales: 1000 },
    ];
    expect(countbackDays(2000, '2024-03-15', sales)).toBe(90.5);
  });

  it('reports DSO, BPDSO and ADD from invoices, rounded to 2 decimals', () => {
    // D = 2026-04-30. Sales: Jan 900 (A), Feb 0, Mar 700 (B), Apr 600 (C).
    // A: 900, due 02-14, 300 paid 03-01 → 600 open, overdue. B: 700 due 05-05, open, current.
    // C: 600 due 04-29, 500 paid 04-30 (on D) → 100 open, overdue. AR = 1,400, current 700.
    // DSO: Apr 1,400 > 600 → 800 left, 30. Mar 800 > 700 → 100 left, 61. Feb no sales → 89.
    //   Jan: 100 / 900 × 31 = 3.4444… → 92.4444… → 92.44.
    // BPDSO: Apr 700 > 600 → 100 left, 30. Mar: 100 / 700 × 31 = 4.4285… → 34.43.
    // ADD = 92.44 − 34.43 = 58.01.
    const report = computeMetrics(
      usd(
        invoice({ issued: '2026-01-15', due: '2026-02-14', amount: 900, paid: [{ date: '2026-03-01', amount: 300 }] }),
        invoice({ issued: '2026-03-31', due: '2026-05-05', amount: 700 }),
        invoice({ issued: '2026-04-01', due: '2026-04-29', amount: 600, paid: [{ date: '2026-04-30', amount: 500 }] }),
      ),
      '2026-04-30',
    );
    expect(report).toMatchObject({ ar: 1400, current: 700, dso: 92.44, bpdso: 34.43, add: 58.01 });
  });
});
