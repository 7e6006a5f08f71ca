import { describe, expect, it } from 'vitest';
import { aggregate, computeMetrics, isDisputeOpenAt } from '../../../../shared/metrics/index.ts';
import { invoice, usd } from './invoice-builder.ts';

describe('clean variants and dispute figures', () => {
  it('reports gross and clean side by side with an open dispute (the full hand-worked report)', () => {
    // D = 2026-04-30. Sales: Jan 4,000 (A), Feb 2,000 (B), Mar 3,000 + 2,500 = 5,500 (C, E), Apr 1,000 (Dv).
    const A = invoice({ issued: '2026-01-15', due: '2026-02-14', amount: 4000, paid: [{ date: '2026-02-20', amount: 1000 }], disputes: [{ openedOn: '2026-02-20', resolvedOn: '2026-02-23' }] });
    const B = invoice({ issued: '2026-02-10', due: '2026-03-12', amount: 2000, disputes: [{ openedOn: '2026-03-20', resolvedOn: '2026-04-09' }] });
    const C = invoice({ issued: '2026-03-05', due: '2026-04-04', amount: 3000, paid: [{ date: '2026-04-10', amount: 3000 }] });
    const Dv = invoice({ issued: '2026-04-20', due: '2026-05-20', amount: 1000 });
    const E = invoice({ issued: '2026-03-20', due: '2026-04-19', amount: 2500, disputes: [{ openedOn: '2026-04-22', resolvedOn: null }] });
    // Open at D: A 3,000 (75 days past due: 14 to Feb 28 + 31 + 30 → 61-90), B 2,000 (49 days:
    // 19 + 30 → 31-60), C 0 (paid), Dv 1,000 (current), E 2,500 (11 days → 1-30, disputed).
    // AR = 8,500; current 1,000.
    // DSO: Apr 8,500 > 1,000 → 7,500, 30 days; Mar 7,500 > 5,500 → 2,000, 61; Feb 2,000 / 2,000 × 28 = 28 → 89.
    // BPDSO: 1,000 / 1,000 × 30 = 30. ADD = 59.
    // CEI: AR at 03-31 = A 3,000 + B 2,000 + C 3,000 + E 2,500 = 10,500; April sales 1,000.
    //   (10,500 + 1,000 − 8,500) / (10,500 + 1,000 − 1,000) × 100 = 3,000 / 10,500 × 100 = 28.5714… → 28.57.
    // Clean (without E, dispute open at D; against the gross sales): AR 6,000, current 1,000.
    //   DSO: Apr 6,000 > 1,000 → 5,000, 30; Mar 5,000 / 5,500 × 31 = 28.1818… → 58.18. BPDSO 30. ADD 28.18.
    // Disputed balance = E's 2,500. B's dispute was resolved before D, so B is clean.
    // Resolution days over disputes resolved by D: A 3 (02-20 → 02-23), B 20 (03-20 → 04-09) → 11.5.
    expect(computeMetrics(usd(A, B, C, Dv, E), '2026-04-30')).toEqual({
      asOf: '2026-04-30',
      currency: 'USD',
      ar: 8500,
      current: 1000,
      aging: { current: 1000, '1-30': 2500, '31-60': 2000, '61-90': 3000, '91+': 0 },
      dso: 89,
      bpdso: 30,
      add: 59,
      cei: 28.57,
      clean: { ar: 6000, dso: 58.18, bpdso: 30, add: 28.18 },
      disputedBalance: 2500,
      meanDisputeResolutionDays: 11.5,
    });
  });

  it('keeps the gross monthly sales for the clean countback', () => {
    // One large disputed invoice in D's month. D = 2026-04-30.
    // Gross: AR 10,000 + 1,000 = 11,000; April sales 10,000, March 2,000.
    //   Apr 11,000 > 10,000 → 1,000, 30; Mar 1,000 / 2,000 × 31 = 15.5 → 45.5.
    // Clean: AR 1,000 against the same sales: 1,000 / 10,000 × 30 = 3 days (not above gross).
    const input = usd(
      invoice({ issued: '2026-04-10', due: '2026-05-10', amount: 10_000, disputes: [{ openedOn: '2026-04-12', resolvedOn: null }] }),
      invoice({ issued: '2026-03-15', due: '2026-04-14', amount: 2000, paid: [{ date: '2026-04-14', amount: 1000 }] }),
    );
    const report = computeMetrics(input, '2026-04-30');
    expect(report.dso).toBe(45.5);
    expect(report.clean).toEqual({ ar: 1000, dso: 3, bpdso: 0, add: 3 });
    expect(aggregate(input, '2026-04-30').clean.monthlySales).toEqual(aggregate(input, '2026-04-30').gross.monthlySales);
  });

  it('treats a dispute as open from openedOn through the day before resolvedOn', () => {
    const dispute = { openedOn: '2026-04-01', resolvedOn: '2026-04-15' };
    expect(isDisputeOpenAt(dispute, '2026-03-31')).toBe(false);
    expect(isDisputeOpenAt(dispute, '2026-04-01')).toBe(true);
    expect(isDisputeOpenAt(dispute, '2026-04-14')).toBe(true);
    expect(isDisputeOpenAt(dispute, '2026-04-15')).toBe(false);
    expect(isDisputeOpenAt({ openedOn: '2026-04-01', resolvedOn: null }, '2030-01-01')).toBe(true);
  });

  it('moves an invoice between clean and disputed as its dispute opens and resolves around D', () => {
    // 1,200 issued 03-20 due 04-19, 200 paid 04-05 → 1,000 open in April.
    // Dispute opened 04-01, resolved 04-15 (14 days).
    const input = usd(
      invoice({ issued: '2026-03-20', due: '2026-04-19', amount: 1200, paid: [{ date: '2026-04-05', amount: 200 }], disputes: [{ openedOn: '2026-04-01', resolvedOn: '2026-04-15' }] }),
    );
    // Before the dispute (03-31): open 1,200, clean.
    expect(computeMetrics(input, '2026-03-31')).toMatchObject({ ar: 1200, clean: { ar: 1200 }, disputedBalance: 0, meanDisputeResolutionDays: null });
    // Resolved after D (D = 04-14): disputed, out of clean; no resolution yet.
    expect(computeMetrics(input, '2026-04-14')).toMatchObject({ ar: 1000, clean: { ar: 0, dso: 0, bpdso: 0, add: 0 }, disputedBalance: 1000, meanDisputeResolutionDays: null });
    // Resolved on D (04-15) or before D: clean again, 14 days to resolve.
    expect(computeMetrics(input, '2026-04-15')).toMatchObject({ ar: 1000, clean: { ar: 1000 }, disputedBalance: 0, meanDisputeResolutionDays: 14 });
    expect(computeMetrics(input, '2026-05-01')).toMatchObject({ clean: { ar: 1000 }, disputedBalance: 0, meanDisputeResolutionDays: 14 });
  });

  it('counts a paid invoice with an open dispute as 0 disputed balance and an invoice once for two disputes', () => {
    const input = usd(
      invoice({ issued: '2026-03-01', due: '2026-03-31', amount: 500, paid: [{ date: '2026-03-20', amount: 500 }], disputes: [{ openedOn: '2026-03-10', resolvedOn: null }] }),
      invoice({ issued: '2026-03-01', due: '2026-03-31', amount: 700, disputes: [{ openedOn: '2026-03-10', resolvedOn: null }, { openedOn: '2026-03-12', resolvedOn: null }] }),
    );
    expect(computeMetrics(input, '2026-04-30')).toMatchObject({ ar: 700, clean: { ar: 0 }, disputedBalance: 700 });
  });

  it('means resolution days over resolved disputes only, rounded to 2 decimals', () => {
    // Resolved by D = 2026-06-30: 0 days (same day), 1 day, 1 day → 2 / 3 = 0.6666… → 0.67.
    // The one resolved 07-02 (after D) and the unresolved one do not count.
    const input = usd(
      invoice({ issued: '2026-05-01', due: '2026-05-31', amount: 100, disputes: [{ openedOn: '2026-05-02', resolvedOn: '2026-05-02' }, { openedOn: '2026-05-03', resolvedOn: '2026-05-04' }] }),
      invoice({ issued: '2026-05-01', due: '2026-05-31', amount: 100, disputes: [{ openedOn: '2026-05-31', resolvedOn: '2026-06-01' }] }),
      invoice({ issued: '2026-05-01', due: '2026-05-31', amount: 100, disputes: [{ openedOn: '2026-06-01', resolvedOn: '2026-07-02' }] }),
      invoice({ issued: '2026-05-01', due: '2026-05-31', amount: 100, disputes: [{ openedOn: '2026-06-10', resolvedOn: null }] }),
    );
    expect(aggregate(input, '2026-06-30').resolvedDisputes).toEqual({ count: 3, totalDays: 2 });
    expect(computeMetrics(input, '2026-06-30').meanDisputeResolutionDays).toBe(0.67);
  });
});
