/** Edge cases of shared/money found in review (the decimal-comma case was a real bug, now fixed). */
import { describe, expect, it } from 'vitest';
import { allocate, compare, formatMajorUnits, money, parseMajorUnits, sum, zero } from '../../../../shared/money/money.ts';

const amountOf = (text: string, currency = 'USD') => {
  const result = parseMajorUnits(text, currency);
  return result.ok ? result.value.amount : result.error.code;
};

describe('parseMajorUnits edge cases', () => {
  it('accepts plain decimals with optional sign, whitespace and thousands separators', () => {
    expect(amountOf(' 7 ')).toBe(700n);
    expect(amountOf('-0')).toBe(0n);
    expect(amountOf('-0.00')).toBe(0n);
    expect(amountOf('1,234,567.89')).toBe(123456789n);
    expect(amountOf('0.001', 'KWD')).toBe(1n);
    expect(amountOf('999999999999999')).toBe(99999999999999900n); // 15 digits: the largest accepted
  });

  it('rejects what is not a plain decimal, naming the field', () => {
    for (const text of ['+5', '.5', '5.', '1e3', '0x10', '１２', '', ' ', '1 000', '1000000000000000']) {
      expect(parseMajorUnits(text, 'USD'), JSON.stringify(text)).toMatchObject({ ok: false, error: { code: 'validation', field: 'amount' } });
    }
    expect(parseMajorUnits('5', 'usd')).toMatchObject({ ok: false, error: { code: 'unknown_currency', field: 'currency' } });
    expect(parseMajorUnits('5', 'toString')).toMatchObject({ ok: false, error: { code: 'unknown_currency' } });
    expect(parseMajorUnits('5', 'USD', 'lines.0.unitPrice')).toMatchObject({ ok: true });
    expect(parseMajorUnits('x', 'USD', 'lines.0.unitPrice')).toMatchObject({ ok: false, error: { field: 'lines.0.unitPrice' } });
  });

  // A decimal comma ("12,50", common in European CSV exports) must not read as a thousands
  // separator (12,50 → 1,250.00 would be a 100× amount).
  it('rejects a decimal comma instead of reading it as a thousands separator', () => {
    expect(amountOf('12,50')).toBe('validation');
  });

  it('rejects commas that are not thousands groups', () => {
    expect(amountOf(',5')).toBe('validation');
    expect(amountOf('1,2,3')).toBe('validation');
    expect(amountOf('1,234,567.89')).not.toBe('validation');
  });
});

describe('allocate edge cases', () => {
  it('splits zero, single units and negative single units deterministically', () => {
    expect(allocate(money(0, 'USD'), [1, 2]).map((m) => m.amount)).toEqual([0n, 0n]);
    expect(allocate(money(1, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([1n, 0n, 0n]);
    expect(allocate(money(-1, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([-1n, 0n, 0n]);
    expect(allocate(money(-5, 'USD'), [3, 7]).map((m) => m.amount)).toEqual([-2n, -3n]); // mirror of +5
    expect(allocate(money(7, 'JPY'), [5])).toEqual([money(7, 'JPY')]);
  });

  it('handles totals far beyond 2^53 exactly', () => {
    const total = 10n ** 30n + 1n;
    const shares = allocate({ amount: total, currency: 'USD' }, [1n, 1n]);
    expect(shares.map((m) => m.amount)).toEqual([5n * 10n ** 29n + 1n, 5n * 10n ** 29n]);
  });

  it('refuses fractional ratios (a bug in the caller)', () => {
    expect(() => allocate(money(10, 'USD'), [1.5, 1])).toThrow(RangeError);
  });
});

describe('small operations', () => {
  it('sums nothing to zero, compares, and formats every exponent', () => {
    expect(sum([], 'EUR')).toEqual(zero('EUR'));
    expect(compare(money(1, 'USD'), money(2, 'USD'))).toBe(-1);
    expect(compare(money(2, 'USD'), money(2, 'USD'))).toBe(0);
    expect(() => compare(money(1, 'USD'), money(1, 'EUR'))).toThrow(TypeError);
    expect(formatMajorUnits(money(1, 'KWD'))).toBe('0.001');
    expect(formatMajorUnits(money(-1500, 'JPY'))).toBe('-1500');
    expect(formatMajorUnits(money(-0, 'USD'))).toBe('0.00');
    expect(() => money(Number.MAX_SAFE_INTEGER + 1, 'USD')).toThrow(RangeError);
  });
});
