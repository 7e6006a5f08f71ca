import { describe, expect, it } from 'vitest';
import { aggregate, aggregatePayers } from '../../../../shared/metrics/index.ts';
import { invoice, usd } from './invoice-builder.ts';

describe('a voided invoice', () => {
  // Issued 2026-05-10 for 4,000 and voided (reversed) on 2026-05-20; beside it a real sale of
  // 1,000 in May, paid 5 days late.
  const input = usd(
    invoice({ customer: 'V', issued: '2026-05-10', due: '2026-06-09', amount: 4000, paid: [{ date: '2026-05-20', amount: 4000 }], voided: true }),
    invoice({ customer: 'V', issued: '2026-05-01', due: '2026-05-31', amount: 1000, paid: [{ date: '2026-06-05', amount: 1000 }] }),
  );

  it('stays a sale of its month, so AR and sales at a date between issue and void agree', () => {
    const may = aggregate(input, '2026-05-15').gross.monthlySales.find((m) => m.month === '2026-05');
    expect(may?.sales).toBe(5000);
  });

  it('was on the books until voided: AR before the void includes it, after it does not', () => {
    expect(aggregate(input, '2026-05-15').gross.ar).toBe(5000);
    expect(aggregate(input, '2026-05-25').gross.ar).toBe(1000);
  });

  it('says nothing about how its customer pays (the void is not a payment)', () => {
    expect(aggregatePayers(input, '2026-06-30')).toEqual([{ customerRef: 'V', amountWeightedDaysLate: 5000, settledInvoices: 1, settledAmount: 1000 }]);
  });
});
