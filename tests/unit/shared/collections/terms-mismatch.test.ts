import { describe, expect, it } from 'vitest';
import { discountedPrice, termsMismatches } from '../../../../shared/collections/terms-mismatch.ts';

const terms = { paymentTermsDays: 45, discountBps: 1_000, listPrices: { Widget: 1_999 }, notes: '10 % off widgets, net 45' };

describe('negotiated terms vs invoice', () => {
  it('accepts an invoice that matches', () => {
    expect(termsMismatches(terms, { number: 'I', issueDate: '2026-03-01', dueDate: '2026-04-15', lines: [{ description: 'Widget', unitPrice: 1_799 }, { description: 'Other', unitPrice: 5 }] })).toEqual([]);
  });

  it('flags other payment terms and a price that ignores the discount', () => {
    const found = termsMismatches(terms, { number: 'I', issueDate: '2026-03-01', dueDate: '2026-03-31', lines: [{ description: 'Widget', unitPrice: 1_999 }] });
    expect(found.map((mismatch) => mismatch.field)).toEqual(['paymentTerms', 'amount']);
    expect(found[0]!.message).toContain('30 days');
    expect(found[1]!.message).toContain('negotiated 1799');
  });

  it('rounds discounted prices half up in integer minor units', () => {
    expect(discountedPrice(1_999, 1_000)).toBe(1_799); // 1799.1
    expect(discountedPrice(15, 5_000)).toBe(8); // 7.5
    expect(discountedPrice(100, 0)).toBe(100);
  });
});
