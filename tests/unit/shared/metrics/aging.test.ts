import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../../shared/time/dates.ts';
import { agingBucket, agingBucketsAsOf, computeMetrics, daysPastDue } from '../../../../shared/metrics/index.ts';
import { invoice, usd } from './invoice-builder.ts';

describe('aging', () => {
  it('puts each boundary day in the bucket DESIGN §4 names', () => {
    const cases: [number, string][] = [
      [-30, 'current'], [0, 'current'], [1, '1-30'], [30, '1-30'], [31, '31-60'],
      [60, '31-60'], [61, '61-90'], [90, '61-90'], [91, '91+'], [4000, '91+'],
    ];
    for (const [days, bucket] of cases) expect(agingBucket(days), `${days} days`).toBe(bucket);
  });

  it('counts days past due as D − due: 0 on the due date, across month ends', () => {
    expect(daysPastDue('2026-06-30', '2026-06-30')).toBe(0);
    expect(daysPastDue('2026-07-01', '2026-06-30')).toBe(-1);
    expect(daysPastDue('2026-05-31', '2026-06-30')).toBe(30);
    expect(daysPastDue('2024-02-28', '2024-03-01')).toBe(2); // leap year: Feb 29 in between
  });

  it('buckets open amounts at D at every boundary, and they sum to AR', () => {
    // D = 2026-06-30. Amounts are powers of two so every bucket total names its invoices.
    // due 06-30 → 0 days, 06-29 → 1, 05-31 → 30, 05-30 → 31, 05-01 → 60 (30 to May 31 + 30),
    // 04-30 → 61, 04-01 → 90 (29 to Apr 30 + 61), 03-31 → 91, 07-01 → −1 (current).
    const D = '2026-06-30';
    const dues = ['2026-06-30', '2026-06-29', '2026-05-31', '2026-05-30', '2026-05-01', '2026-04-30', '2026-04-01', '2026-03-31', '2026-07-01'];
    const invoices = dues.map((due, i) => invoice({ issued: '2026-01-01', due, amount: 2 ** i }));
    const report = computeMetrics(usd(...invoices), D);
    // current = 1 (0 days) + 256 (−1 day); 1-30 = 2 + 4; 31-60 = 8 + 16; 61-90 = 32 + 64; 91+ = 128.
    expect(report.aging).toEqual({ current: 257, '1-30': 6, '31-60': 24, '61-90': 96, '91+': 128 });
    expect(report.ar).toBe(511);
    expect(report.current).toBe(257);
  });

  it('uses the open amount at the end of D: payments dated D count, later ones and later invoices do not', () => {
    const D = '2026-06-30';
    const report = computeMetrics(
      usd(
        // 1,000 − 300 (before D) − 200 (on D) = 500 open; the 500 on 07-01 is after D.
        invoice({ issued: '2026-05-01', due: '2026-05-31', amount: 1000, paid: [{ date: '2026-06-01', amount: 300 }, { date: D, amount: 200 }, { date: '2026-07-01', amount: 500 }] }),
        // Fully paid on D: not open.
        invoice({ issued: '2026-05-01', due: '2026-05-31', amount: 700, paid: [{ date: D, amount: 700 }] }),
        // Overpaid: settled, open amount 0 (the excess is unapplied cash, not negative AR).
        invoice({ issued: '2026-05-01', due: '2026-05-31', amount: 100, paid: [{ date: '2026-06-10', amount: 150 }] }),
        // Issued after D: not yet AR.
        invoice({ issued: '2026-07-01', due: '2026-07-31', amount: 9999 }),
        // Issued on D: AR, and current.
        invoice({ issued: D, due: '2026-07-30', amount: 40 }),
      ),
      D,
    );
    expect(report.ar).toBe(540);
    expect(report.aging).toEqual({ current: 40, '1-30': 500, '31-60': 0, '61-90': 0, '91+': 0 });
  });

  it('finds the same bucket by comparing date strings as by counting days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 18_000, max: 25_000 }), fc.integer({ min: -200, max: 400 }), (asOfDay, late) => {
        const asOf = addDays('1970-01-01', asOfDay);
        const due = addDays(asOf, -late);
        expect(agingBucketsAsOf(asOf)(due)).toBe(agingBucket(daysPastDue(due, asOf)));
      }),
    );
  });

  it('refuses an as-of date that is not a real YYYY-MM-DD date (a bug in the caller)', () => {
    for (const asOf of ['2026-02-30', '2026-4-1', '']) expect(() => computeMetrics(usd(), asOf), asOf).toThrow(RangeError);
  });
});
