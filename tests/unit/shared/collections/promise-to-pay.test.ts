import { describe, expect, it } from 'vitest';
import { promiseState, validatePromise } from '../../../../shared/collections/promise-to-pay.ts';

const invoices = [
  { number: 'A', openAmount: 600, currency: 'USD' },
  { number: 'B', openAmount: 400, currency: 'USD' },
  { number: 'P', openAmount: 0, currency: 'USD' },
  { number: 'E', openAmount: 10, currency: 'EUR' },
];
const field = (result: ReturnType<typeof validatePromise>) => (result.ok ? undefined : result.error.field);

describe('promise-to-pay', () => {
  it('accepts a promise up to the open balance, today or later', () => {
    expect(validatePromise({ invoiceNumbers: ['A', 'B'], amount: 1000, date: '2026-03-10' }, invoices, '2026-03-10')).toEqual({ ok: true, value: { openAmount: 1000, currency: 'USD' } });
  });

  it('rejects a date in the past, an amount above the open balance, zero, and unknown or paid invoices', () => {
    expect(field(validatePromise({ invoiceNumbers: ['A'], amount: 100, date: '2026-03-09' }, invoices, '2026-03-10'))).toBe('date');
    expect(field(validatePromise({ invoiceNumbers: ['A'], amount: 601, date: '2026-03-20' }, invoices, '2026-03-10'))).toBe('amount');
    expect(field(validatePromise({ invoiceNumbers: ['A'], amount: 0, date: '2026-03-20' }, invoices, '2026-03-10'))).toBe('amount');
    expect(field(validatePromise({ invoiceNumbers: ['A', 'Z'], amount: 1, date: '2026-03-20' }, invoices, '2026-03-10'))).toBe('invoiceNumbers.1');
    expect(field(validatePromise({ invoiceNumbers: ['P'], amount: 1, date: '2026-03-20' }, invoices, '2026-03-10'))).toBe('invoiceNumbers.0');
    expect(field(validatePromise({ invoiceNumbers: [], amount: 1, date: '2026-03-20' }, invoices, '2026-03-10'))).toBe('invoiceNumbers');
    expect(field(validatePromise({ invoiceNumbers: ['A', 'E'], amount: 1, date: '2026-03-20' }, invoices, '2026-03-10'))).toBe('invoiceNumbers');
    expect(field(validatePromise({ invoiceNumbers: ['A'], amount: 1, date: '2026-02-30' }, invoices, '2026-03-10'))).toBe('date');
  });

  it('is open until its date, kept once paid, broken the day after its date otherwise', () => {
    const promise = { date: '2026-03-20', amount: 500, openAtPromise: 1000, openNow: 1000 };
    expect(promiseState(promise, '2026-03-20')).toBe('open');
    expect(promiseState(promise, '2026-03-21')).toBe('broken');
    expect(promiseState({ ...promise, openNow: 600 }, '2026-03-21')).toBe('broken');
    expect(promiseState({ ...promise, openNow: 500 }, '2026-03-21')).toBe('kept');
    expect(promiseState({ ...promise, openNow: 0 }, '2026-03-01')).toBe('kept');
  });
});
