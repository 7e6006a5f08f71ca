import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, allocate, formatMajorUnits, money, parseMajorUnits, subtract } from '../../../../shared/money/money.ts';

describe('money', () => {
  it('adds and subtracts in one currency and refuses to mix', () => {
    expect(add(money(150, 'USD'), money(25, 'USD'))).toEqual(money(175, 'USD'));
    expect(subtract(money(150, 'USD'), money(200, 'USD')).amount).toBe(-50n);
    expect(() => add(money(1, 'USD'), money(1, 'EUR'))).toThrow(/mismatch/);
    expect(() => money(1.5, 'USD')).toThrow(RangeError);
  });

  it('allocates without losing a cent, remainder to the largest fractions', () => {
    expect(allocate(money(100, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([34n, 33n, 33n]);
    expect(allocate(money(5, 'USD'), [3, 7]).map((m) => m.amount)).toEqual([2n, 3n]); // 1.5 and 3.5: a tie, the earlier share gets the cent
    expect(allocate(money(10, 'USD'), [1, 2]).map((m) => m.amount)).toEqual([3n, 7n]);
    expect(allocate(money(-100, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([-34n, -33n, -33n]);
    expect(allocate(money(10, 'USD'), [0, 1]).map((m) => m.amount)).toEqual([0n, 10n]);
    expect(() => allocate(money(10, 'USD'), [0, 0])).toThrow();
  });

  it('allocation always sums to the total and never differs from the exact share by a unit or more', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0)), (total, ratios) => {
        const shares = allocate({ amount: total, currency: 'USD' }, ratios);
        expect(shares.reduce((s, m) => s + m.amount, 0n)).toBe(total);
        const weightSum = ratios.reduce((a, b) => a + b, 0);
        shares.forEach((share, i) => {
          const exact = (Number(total) * ratios[i]!) / weightSum;
          expect(Math.abs(Number(share.amount) - exact)).toBeLessThan(1.0000001);
        });
      }),
    );
  });

  it('parses decimal major units exactly and names the field on errors', () => {
    expect(parseMajorUnits('1234.5', 'USD')).toEqual({ ok: true, value: money(123450, 'USD') });
    expect(parseMajorUnits('1,234.56', 'USD')).toEqual({ ok: true, value: money(123456, 'USD') });
    expect(parseMajorUnits('0.1', 'USD')).toEqual({ ok: true, value: money(10, 'USD') });
    expect(parseMajorUnits('1500', 'JPY')).toEqual({ ok: true, value: money(1500, 'JPY') });
    expect(parseMajorUnits('1.001', 'USD')).toMatchObject({ ok: false, error: { code: 'validation', field: 'amount' } });
    expect(parseMajorUnits('1.5', 'JPY')).toMatchObject({ ok: false });
    expect(parseMajorUnits('abc', 'USD')).toMatchObject({ ok: false, error: { field: 'amount' } });
    expect(parseMajorUnits('10', 'XXX')).toMatchObject({ ok: false, error: { code: 'unknown_currency', field: 'currency' } });
  });

  it('formats and parses back to the same amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.constantFrom('USD', 'JPY', 'KWD' as const), (amount, currency) => {
        const text = formatMajorUnits({ amount, currency });
        expect(parseMajorUnits(text, currency)).toEqual({ ok: true, value: { amount, currency } });
      }),
    );
    expect(formatMajorUnits(money(5, 'USD'))).toBe('0.05');
    expect(formatMajorUnits(money(-123456, 'USD'))).toBe('-1234.56');
  });
});
