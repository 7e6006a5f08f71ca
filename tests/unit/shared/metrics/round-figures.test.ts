import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { round2 } from '../../../../shared/metrics/index.ts';

describe('round2', () => {
  it('rounds to 2 decimals, halves up, as the number reads', () => {
    expect(round2(1.005)).toBe(1.01); // 1.005 × 100 = 100.4999… in binary; still reads as a half
    expect(round2(28.125)).toBe(28.13);
    expect(round2(28.571428)).toBe(28.57);
    expect(round2(58.181818)).toBe(58.18);
    expect(round2(0.004)).toBe(0);
    expect(round2(1e-7)).toBe(0);
    expect(round2(1e21)).toBe(1e21);
    expect(Object.is(round2(-0.001), 0)).toBe(true); // never −0
  });

  it('refuses NaN and Infinity (a bug upstream, never a reported figure)', () => {
    expect(() => round2(Number.NaN)).toThrow(RangeError);
    expect(() => round2(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('is never more than half a hundredth away', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (x) => {
        expect(Math.abs(round2(x) - x)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
  });
});
