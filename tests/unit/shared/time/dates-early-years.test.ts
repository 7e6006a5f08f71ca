import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { IsoDate } from '../../../../shared/schemas/common.ts';
import { daysInMonth, isIsoDate, isLedgerDate } from '../../../../shared/time/dates.ts';

describe('dates in years below 100', () => {
  it('are not read as 19xx', () => {
    for (const date of ['0001-01-01', '0099-06-01', '0004-02-29', '0050-12-31']) expect(isIsoDate(date), date).toBe(true);
    // 1900 is no leap year, 0004 is: a 19xx reading would get both wrong.
    expect(isIsoDate('0004-02-29')).toBe(true);
    expect(isIsoDate('0001-02-29')).toBe(false);
    expect(daysInMonth(4, 2)).toBe(29);
    expect(daysInMonth(0, 2)).toBe(29);
    expect(daysInMonth(1, 2)).toBe(28);
  });

  it('refuse year 0000, which PostgreSQL cannot store', () => {
    expect(isIsoDate('0000-01-01')).toBe(false);
  });
});

describe('IsoDate schema', () => {
  it('takes real days of years 1900–9999 only', () => {
    for (const good of ['1900-01-01', '1999-12-31', '2026-06-01', '9999-12-31']) expect(Value.Check(IsoDate, good), good).toBe(true);
    for (const bad of ['0001-01-01', '0099-06-01', '1899-12-31', '1000-01-01', '10000-01-01', '2026-02-30']) expect(Value.Check(IsoDate, bad), bad).toBe(false);
  });

  it('are days the ledger refuses, as the API schema does: it takes 1900-9999', () => {
    for (const date of ['1900-01-01', '2026-02-28', '9999-12-31']) expect(isLedgerDate(date), date).toBe(true);
    for (const date of ['1899-12-31', '0099-06-01', '2026-02-30']) expect(isLedgerDate(date), date).toBe(false);
  });
});
