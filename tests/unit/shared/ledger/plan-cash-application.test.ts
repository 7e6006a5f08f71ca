import { describe, expect, it } from 'vitest';
import { planApplyCash, planRefund, planUnapplyCash } from '../../../../shared/ledger/plan-cash-application.ts';
import type { InvoiceState, PaymentState } from '../../../../shared/ledger/ledger-state.ts';

const invoice: InvoiceState = { id: 'i1', number: 'INV-1', customerId: 'c1', currency: 'USD', issueDate: '2024-11-01', dueDate: '2024-12-01', amount: 10_000n, open: 10_000n, voided: false };
const payment: PaymentState = { id: 'p1', customerId: 'c1', currency: 'USD', date: '2025-06-01', amount: 5_000n, unapplied: 5_000n, reversed: false };
const dateError = { ok: false, error: { code: 'validation', field: 'date' } };

describe('cash application dates', () => {
  it('refuses to apply, unapply or refund before the payment was received', () => {
    expect(planApplyCash(payment, { date: '2025-01-02' }, [invoice])).toMatchObject(dateError);
    expect(planApplyCash(payment, { date: '2025-05-31', allocations: [{ invoiceNumber: 'INV-1', amount: 100 }] }, [invoice])).toMatchObject(dateError);
    expect(planUnapplyCash(payment, invoice, 2_000n, { date: '2025-01-01', amount: 1_000 })).toMatchObject(dateError);
    expect(planRefund(payment, { date: '2024-12-01', amount: 1_000 })).toMatchObject(dateError);
  });

  it('allows all three on the day the payment was received and after', () => {
    expect(planApplyCash(payment, { date: '2025-06-01' }, [invoice]).ok).toBe(true);
    expect(planUnapplyCash(payment, invoice, 2_000n, { date: '2025-06-01', amount: 1_000 }).ok).toBe(true);
    expect(planRefund(payment, { date: '2025-06-02', amount: 1_000 }).ok).toBe(true);
  });

  it('still refuses a date that is not a calendar date, naming date', () => {
    expect(planRefund(payment, { date: '2025-06-31', amount: 1_000 })).toMatchObject(dateError);
  });
});
