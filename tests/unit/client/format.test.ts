import { describe, expect, it } from 'vitest';
import { formatMoney, minorToMajorText, parseMajorToMinor } from '../../../client/format.ts';
import { monthEnds } from '../../../client/state/trend-dates.ts';

describe('money in form fields', () => {
  it('parses decimal major units to integer minor units without floats', () => {
    expect(parseMajorToMinor('1234.5', 'USD')).toBe(123450);
    expect(parseMajorToMinor(' 0.07 ', 'USD')).toBe(7);
    expect(parseMajorToMinor('19,99', 'EUR')).toBe(1999);
    expect(parseMajorToMinor('1000', 'JPY')).toBe(1000);
    // 0.1 + 0.2 style traps: string arithmetic keeps every cent.
    expect(parseMajorToMinor('1152921504.61', 'USD')).toBe(115292150461);
  });

  it('refuses what is not a plain amount', () => {
    for (const bad of ['', 'abc', '-5', '1.234', '1e3', '12.5', '1 000']) {
      expect(parseMajorToMinor(bad, bad === '12.5' ? 'JPY' : 'USD'), bad).toBeNull();
    }
  });

  it('writes minor units back as an editable string and formats for display', () => {
    expect(minorToMajorText(123450, 'USD')).toBe('1234.50');
    expect(minorToMajorText(7, 'USD')).toBe('0.07');
    expect(minorToMajorText(500, 'JPY')).toBe('500');
    expect(parseMajorToMinor(minorToMajorText(98765, 'EUR'), 'EUR')).toBe(98765);
    expect(formatMoney(123450, 'USD')).toBe('$1,234.50');
    expect(formatMoney(-7, 'EUR')).toBe('-€0.07');
  });

  it("takes each currency's decimals from the ledger's table, not from Intl", () => {
    // Intl shows HUF with no decimals; the ledger stores fillér, so 123450 is 1,234.50 Ft.
    expect(formatMoney(123450, 'HUF')).toBe('HUF\u00a01,234.50');
    expect(parseMajorToMinor('1234.50', 'HUF')).toBe(123450);
    expect(minorToMajorText(123450, 'HUF')).toBe('1234.50');
    expect(formatMoney(1234, 'JPY')).toBe('¥1,234');
    expect(formatMoney(1234567, 'KWD')).toBe('KWD\u00a01,234.567');
    expect(parseMajorToMinor('1.005', 'KWD')).toBe(1005);
    // Beyond 2^53 a float would round; the text path keeps every unit.
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
    // A chart axis asks for fractional ticks: the nearest minor unit, never a throw.
    expect(formatMoney(0.75, 'USD')).toBe('$0.01');
  });
});

describe('DSO trend dates', () => {
  it('lists the previous month-ends, oldest first, then the as-of date', () => {
    expect(monthEnds('2026-03-15', 3)).toEqual(['2025-12-31', '2026-01-31', '2026-02-28', '2026-03-15']);
  });
});
