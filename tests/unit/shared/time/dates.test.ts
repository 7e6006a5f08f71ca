import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dayOfMonth, daysBetween, daysInMonth, daysInMonthOf, fromEpochDay, isIsoDate, lastDayOfMonth, monthOf, toEpochDay, utcDate } from '../../../../shared/time/dates.ts';

// Epoch days 1000-01-01 … 9999-12-30 (the last day whose successor is still a 4-digit year).
const dayArb = fc.integer({ min: toEpochDay('1000-01-01'), max: toEpochDay('9999-12-30') });

describe('calendar dates', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    for (const good of ['2026-01-01', '2024-02-29', '2000-02-29', '9999-12-31']) expect(isIsoDate(good), good).toBe(true);
    for (const bad of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-5', '2026-01-01T00:00:00Z', ' 2026-01-01', '']) expect(isIsoDate(bad), bad).toBe(false);
  });

  it('counts days across month ends, leap days and DST changes without drift', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // EU DST change on 03-29: UTC has none
    expect(daysBetween('2026-12-31', '2026-01-01')).toBe(-364);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(utcDate(new Date('2026-01-01T23:59:00-05:00'))).toBe('2026-01-02');
  });

  it('round-trips every date through epoch days, and addDays agrees with daysBetween', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -3000, max: 3000 }), (day, delta) => {
        const date = fromEpochDay(day);
        expect(isIsoDate(date)).toBe(true);
        expect(toEpochDay(date)).toBe(day);
        const moved = fromEpochDay(Math.min(Math.max(day + delta, toEpochDay('1000-01-01')), toEpochDay('9999-12-30')));
        expect(addDays(date, daysBetween(date, moved))).toBe(moved);
      }),
    );
  });

  it('knows month lengths, leap years included', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonthOf('2100-02')).toBe(28);
  });
});

describe('calendar months', () => {
  it('takes months and days of the month from a date', () => {
    expect(monthOf('2026-04-30')).toBe('2026-04');
    expect(dayOfMonth('2026-04-09')).toBe(9);
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
  });

  it('moves by months across year ends in both directions', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-03', -15)).toBe('2024-12');
    expect(addMonths('2026-03', 0)).toBe('2026-03');
    expect(addMonths('0001-01', -1)).toBe('0000-12');
  });

  it('month arithmetic agrees with day arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay('1100-01-01'), max: toEpochDay('9900-12-31') }), fc.integer({ min: -240, max: 240 }), (day, months) => {
        const month = monthOf(fromEpochDay(day));
        const moved = addMonths(month, months);
        expect(addMonths(moved, -months)).toBe(month);
        expect(moved > month).toBe(months > 0);
        // The day after a month's last day is the first of the next month.
        expect(addDays(lastDayOfMonth(month), 1)).toBe(`${addMonths(month, 1)}-01`);
        expect(dayOfMonth(lastDayOfMonth(month))).toBe(daysInMonthOf(month));
      }),
    );
  });
});
