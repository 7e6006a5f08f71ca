import { describe, expect, it } from 'vitest';
import { Account, isBalanced } from '../../../../shared/ledger/accounts.ts';
import { planInvoice } from '../../../../shared/ledger/plan-invoice.ts';
import { planPayment } from '../../../../shared/ledger/plan-payment.ts';
import { planApplyCash, planRefund, planUnapplyCash } from '../../../../shared/ledger/plan-cash-application.ts';
import { planCreditNote, planWriteOff } from '../../../../shared/ledger/plan-invoice-reduction.ts';
import { planReversal } from '../../../../shared/ledger/plan-reversal.ts';
import { invoiceStatus } from '../../../../shared/ledger/invoice-status.ts';
import type { CustomerState, InvoiceState, PaymentState } from '../../../../shared/ledger/ledger-state.ts';

const customer: CustomerState = { id: 'c1', ref: 'C1', currency: 'USD', paymentTermsDays: 30 };
const invoice = (over: Partial<InvoiceState> = {}): InvoiceState => ({ id: 'i1', number: 'INV-1', customerId: 'c1', currency: 'USD', issueDate: '2026-01-10', dueDate: '2026-02-09', amount: 10_000n, open: 10_000n, voided: false, ...over });
const payment = (over: Partial<PaymentState> = {}): PaymentState => ({ id: 'p1', customerId: 'c1', currency: 'USD', date: '2026-02-01', amount: 5_000n, unapplied: 5_000n, reversed: false, ...over });

describe('planInvoice', () => {
  it('posts AR for the total, revenue net and tax as given, due date from terms', () => {
    const plan = planInvoice(customer, { invoiceId: 'i1', number: 'INV-1', issueDate: '2026-01-31', lines: [{ description: 'Kit', quantity: 3, unitPrice: 1_000, tax: 600 }, { description: 'Visit', quantity: 1, unitPrice: 500 }] });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.value.dueDate).toBe('2026-03-02');
    expect(plan.value.amount).toBe(4_100n);
    expect(plan.value.tax).toBe(600n);
    expect(isBalanced(plan.value.transaction.postings)).toBe(true);
    expect(plan.value.transaction.postings).toEqual([
      { account: Account.ar, amount: 4_100n, customerId: 'c1', invoiceId: 'i1' },
      { account: Account.revenue, amount: -3_500n, customerId: 'c1' },
      { account: Account.taxPayable, amount: -600n, customerId: 'c1' },
    ]);
  });

  it('refuses bad dates, empty or fractional lines, another currency, naming the field', () => {
    const base = { invoiceId: 'i1', number: 'INV-1', issueDate: '2026-01-31', lines: [{ description: 'x', quantity: 1, unitPrice: 100 }] };
    const fieldOf = (result: ReturnType<typeof planInvoice>) => (result.ok ? null : result.error.field);
    expect(fieldOf(planInvoice(customer, { ...base, issueDate: '2026-02-30' }))).toBe('issueDate');
    expect(fieldOf(planInvoice(customer, { ...base, dueDate: '2026-01-01' }))).toBe('dueDate');
    expect(fieldOf(planInvoice(customer, { ...base, lines: [] }))).toBe('lines');
    expect(fieldOf(planInvoice(customer, { ...base, lines: [{ description: 'x', quantity: 1.5, unitPrice: 100 }] }))).toBe('lines.0.quantity');
    expect(fieldOf(planInvoice(customer, { ...base, lines: [{ description: 'x', quantity: 1, unitPrice: 10.5 }] }))).toBe('lines.0.unitPrice');
    expect(planInvoice(customer, { ...base, currency: 'EUR' })).toMatchObject({ ok: false, error: { code: 'currency_mismatch', field: 'currency' } });
    expect(planInvoice(customer, { ...base, currency: 'XXX' })).toMatchObject({ ok: false, error: { code: 'unknown_currency' } });
  });
});

describe('planPayment', () => {
  const older = invoice({ id: 'i0', number: 'INV-0', issueDate: '2026-01-01', dueDate: '2026-01-31', amount: 3_000n, open: 3_000n });
  const newer = invoice();

  it('goes oldest-due-first and leaves the rest as unapplied cash', () => {
    const plan = planPayment(customer, { paymentId: 'p1', date: '2026-02-15', amount: 15_000, currency: 'USD' }, [newer, older]);
    expect(plan.ok && plan.value.allocations).toEqual([{ invoiceId: 'i0', amount: 3_000n }, { invoiceId: 'i1', amount: 10_000n }]);
    expect(plan.ok && plan.value.unapplied).toBe(2_000n);
    expect(plan.ok && isBalanced(plan.value.transaction.postings)).toBe(true);
  });

  it('takes explicit allocations and refuses over-allocation, another customer\'s invoice, duplicates, early dates', () => {
    const explicit = planPayment(customer, { paymentId: 'p1', date: '2026-02-15', amount: 5_000, currency: 'USD', allocations: [{ invoiceNumber: 'INV-1', amount: 4_000 }] }, [newer]);
    expect(explicit.ok && explicit.value.unapplied).toBe(1_000n);
    const over = planPayment(customer, { paymentId: 'p1', date: '2026-02-15', amount: 50_000, currency: 'USD', allocations: [{ invoiceNumber: 'INV-1', amount: 10_001 }] }, [newer]);
    expect(over).toMatchObject({ ok: false, error: { code: 'over_application', field: 'allocations.0.amount' } });
    const beyondCash = planPayment(customer, { paymentId: 'p1', date: '2026-02-15', amount: 100, currency: 'USD', allocations: [{ invoiceNumber: 'INV-1', amount: 200 }] }, [newer]);
    expect(beyondCash).toMatchObject({ ok: false, error: { code: 'over_application', field: 'amount' } });
    const foreign = planPayment(customer, { paymentId: 'p1', date: '2026-02-15', amount: 100, currency: 'USD', allocations: [{ invoiceNumber: 'INV-1', amount: 100 }] }, [invoice({ customerId: 'c2' })]);
    expect(foreign).toMatchObject({ ok: false, error: { field: 'allocations.0.invoiceNumber' } });
    const twice = planPayment(customer, { paymentId: 'p1', date: '2026-02-15', amount: 200, currency: 'USD', allocations: [{ invoiceNumber: 'INV-1', amount: 100 }, { invoiceNumber: 'INV-1', amount: 100 }] }, [newer]);
    expect(twice).toMatchObject({ ok: false, error: { field: 'allocations.1.invoiceNumber' } });
    const early = planPayment(customer, { paymentId: 'p1', date: '2026-01-01', amount: 100, currency: 'USD', allocations: [{ invoiceNumber: 'INV-1', amount: 100 }] }, [newer]);
    expect(early).toMatchObject({ ok: false, error: { field: 'date' } });
    expect(planPayment(customer, { paymentId: 'p1', date: '2026-02-15', amount: -5, currency: 'USD' }, [])).toMatchObject({ ok: false, error: { field: 'amount' } });
    expect(planPayment(customer, { paymentId: 'p1', date: '2026-02-15', amount: 1.5, currency: 'USD' }, [])).toMatchObject({ ok: false, error: { field: 'amount' } });
  });
});

describe('cash application, refunds, credits, write-offs, reversals', () => {
  it('applies, unapplies within what was applied, refunds within unapplied', () => {
    const applied = planApplyCash(payment(), { date: '2026-02-02' }, [invoice()]);
    expect(applied.ok && applied.value.allocations).toEqual([{ invoiceId: 'i1', amount: 5_000n }]);
    expect(planUnapplyCash(payment(), invoice(), 2_000n, { date: '2026-02-03', amount: 2_001 })).toMatchObject({ ok: false, error: { code: 'over_application' } });
    expect(planUnapplyCash(payment(), invoice(), 2_000n, { date: '2026-02-03', amount: 2_000 }).ok).toBe(true);
    expect(planRefund(payment({ unapplied: 100n }), { date: '2026-02-03', amount: 101 })).toMatchObject({ ok: false, error: { field: 'amount' } });
    expect(planRefund(payment({ reversed: true }), { date: '2026-02-03', amount: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('credits and writes off at most the open amount; write-off defaults to all of it', () => {
    expect(planCreditNote(invoice({ open: 500n }), { date: '2026-02-01', amount: 501 })).toMatchObject({ ok: false, error: { code: 'over_application' } });
    const writeOff = planWriteOff(invoice({ open: 700n }), { date: '2026-02-01' });
    expect(writeOff.ok && writeOff.value.amount).toBe(700n);
    expect(writeOff.ok && writeOff.value.transaction.postings.map((p) => p.account)).toEqual([Account.writeOffExpense, Account.ar]);
  });

  it('reverses by mirror image, but not twice, not a reversal, not an invoice with payments on it', () => {
    const issued = planInvoice(customer, { invoiceId: 'i1', number: 'INV-1', issueDate: '2026-01-10', lines: [{ description: 'x', quantity: 1, unitPrice: 10_000 }] });
    if (!issued.ok) throw new Error('setup');
    const original = { id: 't1', ...issued.value.transaction, reversed: false };
    const untouched = planReversal(original, { date: '2026-01-20' }, new Map([['i1', invoice()]]), new Map());
    expect(untouched.ok && untouched.value.voidsInvoiceId).toBe('i1');
    expect(untouched.ok && untouched.value.transaction.postings.map((p) => p.amount)).toEqual([-10_000n, 10_000n]);
    expect(planReversal(original, { date: '2026-01-20' }, new Map([['i1', invoice({ open: 4_000n })]]), new Map())).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(planReversal({ ...original, reversed: true }, { date: '2026-01-20' }, new Map([['i1', invoice()]]), new Map())).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(planReversal({ ...original, kind: 'reversal' }, { date: '2026-01-20' }, new Map([['i1', invoice()]]), new Map())).toMatchObject({ ok: false });
  });
});

describe('invoiceStatus', () => {
  const facts = { amount: 100n, open: 100n, voided: false, writtenOff: 0n, hasOpenDispute: false };
  it('derives every status', () => {
    expect(invoiceStatus(facts)).toBe('open');
    expect(invoiceStatus({ ...facts, open: 40n })).toBe('partially_paid');
    expect(invoiceStatus({ ...facts, open: 0n })).toBe('paid');
    expect(invoiceStatus({ ...facts, open: 0n, writtenOff: 60n })).toBe('written_off');
    expect(invoiceStatus({ ...facts, hasOpenDispute: true })).toBe('disputed');
    expect(invoiceStatus({ ...facts, voided: true, open: 0n })).toBe('void');
    expect(invoiceStatus({ ...facts, draft: true })).toBe('draft');
  });
});
