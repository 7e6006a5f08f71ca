import { describe, expect, it } from 'vitest';
import { aggregatePayers, payerBehaviour, payersFromAggregates, settledOn } from '../../../../shared/metrics/index.ts';
import { invoice, usd } from './invoice-builder.ts';

describe('payer behaviour', () => {
  // D = 2026-06-30.
  const input = usd(
    // X: 1,000 paid 10 days late, 9,000 paid early (0, not −6) → (1,000 × 10 + 9,000 × 0) / 10,000 = 1.
    //   (The unweighted mean would be 5: the weighting is the point.)
    invoice({ customer: 'X', issued: '2026-04-01', due: '2026-05-01', amount: 1000, paid: [{ date: '2026-05-11', amount: 1000 }] }),
    invoice({ customer: 'X', issued: '2026-04-01', due: '2026-05-01', amount: 9000, paid: [{ date: '2026-04-25', amount: 9000 }] }),
    // Y: 100 settled by its second part on 05-21 → 20 days; 300 paid 4 days late →
    //   (100 × 20 + 300 × 4) / 400 = 3,200 / 400 = 8. Paid after D and partly paid: not counted.
    invoice({ customer: 'Y', issued: '2026-04-01', due: '2026-05-01', amount: 100, paid: [{ date: '2026-05-21', amount: 50 }, { date: '2026-05-05', amount: 50 }] }),
    invoice({ customer: 'Y', issued: '2026-05-01', due: '2026-06-01', amount: 300, paid: [{ date: '2026-06-05', amount: 300 }] }),
    invoice({ customer: 'Y', issued: '2026-05-01', due: '2026-06-01', amount: 500, paid: [{ date: '2026-07-10', amount: 500 }] }),
    invoice({ customer: 'Y', issued: '2026-04-01', due: '2026-05-01', amount: 800, paid: [{ date: '2026-05-10', amount: 799 }] }),
    // W: 1,000 one day late, 2,000 on the due date → 1,000 / 3,000 = 0.3333… → 0.33.
    invoice({ customer: 'W', issued: '2026-04-01', due: '2026-05-01', amount: 1000, paid: [{ date: '2026-05-02', amount: 1000 }] }),
    invoice({ customer: 'W', issued: '2026-04-01', due: '2026-05-01', amount: 2000, paid: [{ date: '2026-05-01', amount: 2000 }] }),
    // V: 500 one day late → 1, ties with X; X has more settled money, so X comes first.
    invoice({ customer: 'V', issued: '2026-04-01', due: '2026-05-01', amount: 500, paid: [{ date: '2026-05-02', amount: 500 }] }),
    // Z: nothing settled yet → no behaviour to report.
    invoice({ customer: 'Z', issued: '2026-04-01', due: '2026-05-01', amount: 700 }),
  );

  it('weights days late by amount, counts early as 0, worst first', () => {
    expect(payerBehaviour(input, '2026-06-30')).toEqual([
      { customerRef: 'Y', weightedDaysLate: 8, settledInvoices: 2, settledAmount: 400 },
      { customerRef: 'X', weightedDaysLate: 1, settledInvoices: 2, settledAmount: 10_000 },
      { customerRef: 'V', weightedDaysLate: 1, settledInvoices: 1, settledAmount: 500 },
      { customerRef: 'W', weightedDaysLate: 0.33, settledInvoices: 2, settledAmount: 3000 },
    ]);
  });

  it('keeps the first `limit` payers and refuses a nonsense limit', () => {
    expect(payerBehaviour(input, '2026-06-30', 2).map((p) => p.customerRef)).toEqual(['Y', 'X']);
    expect(payerBehaviour(input, '2026-06-30', 0)).toEqual([]);
    expect(() => payerBehaviour(input, '2026-06-30', -1)).toThrow(RangeError);
  });

  it('only counts invoices settled on or before D', () => {
    // D = 2026-05-15: Y's 100 is not settled yet (second half 05-21); Y's 300 not either.
    // X: 1,000 × 10 / 10,000 = 1 still; Y has nothing settled → left out.
    const early = payerBehaviour(input, '2026-05-15');
    expect(early.find((p) => p.customerRef === 'Y')).toBeUndefined();
    expect(early.find((p) => p.customerRef === 'X')).toEqual({ customerRef: 'X', weightedDaysLate: 1, settledInvoices: 2, settledAmount: 10_000 });
  });

  it('finds the settled date as the day the amount was covered for good, in date order', () => {
    expect(settledOn(invoice({ issued: '2026-01-01', due: '2026-01-31', amount: 100, paid: [{ date: '2026-03-01', amount: 60 }, { date: '2026-02-01', amount: 40 }] }))).toBe('2026-03-01');
    expect(settledOn(invoice({ issued: '2026-01-01', due: '2026-01-31', amount: 100, paid: [{ date: '2026-02-01', amount: 150 }] }))).toBe('2026-02-01');
    expect(settledOn(invoice({ issued: '2026-01-01', due: '2026-01-31', amount: 100, paid: [{ date: '2026-02-01', amount: 99 }] }))).toBeNull();
    // A payment reversed (−100 on 02-03) unsettles the invoice until the next payment (02-20).
    const reversed = invoice({ issued: '2026-01-01', due: '2026-01-31', amount: 100, paid: [{ date: '2026-02-01', amount: 100 }, { date: '2026-02-20', amount: 100 }, { date: '2026-02-03', amount: -100 }] });
    expect(settledOn(reversed)).toBe('2026-02-20');
    expect(settledOn(reversed, '2026-02-02')).toBe('2026-02-01');
    expect(settledOn(reversed, '2026-02-10')).toBeNull();
    // A reversal and a new payment on the same day: the day's net decides, whatever the order.
    expect(settledOn(invoice({ issued: '2026-01-01', due: '2026-01-31', amount: 100, paid: [{ date: '2026-02-01', amount: 100 }, { date: '2026-02-05', amount: -100 }, { date: '2026-02-05', amount: 100 }] }))).toBe('2026-02-01');
    // Overpaid, then partly refunded but still covered: settled since the first day.
    expect(settledOn(invoice({ issued: '2026-01-01', due: '2026-01-31', amount: 100, paid: [{ date: '2026-02-01', amount: 150 }, { date: '2026-02-09', amount: -50 }] }))).toBe('2026-02-01');
  });

  it('ranks per-customer sums as the server would produce them with SQL', () => {
    // Y's sums from above: 100 × 20 + 300 × 4 = 3,200 over 400.
    expect(aggregatePayers(input, '2026-06-30').find((row) => row.customerRef === 'Y')).toEqual({ customerRef: 'Y', amountWeightedDaysLate: 3200, settledInvoices: 2, settledAmount: 400 });
    // 10 / 3 = 3.3333… → 3.33; a row with nothing settled is left out.
    expect(
      payersFromAggregates([
        { customerRef: 'P', amountWeightedDaysLate: 10, settledInvoices: 1, settledAmount: 3 },
        { customerRef: 'Q', amountWeightedDaysLate: 0, settledInvoices: 0, settledAmount: 0 },
        { customerRef: 'R', amountWeightedDaysLate: 500, settledInvoices: 2, settledAmount: 100 },
      ]),
    ).toEqual([
      { customerRef: 'R', weightedDaysLate: 5, settledInvoices: 2, settledAmount: 100 },
      { customerRef: 'P', weightedDaysLate: 3.33, settledInvoices: 1, settledAmount: 3 },
    ]);
  });
});
