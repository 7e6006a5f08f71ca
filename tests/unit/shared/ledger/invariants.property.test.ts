/**
 * Random command sequences through the planners, applied to a tiny in-memory ledger the way the
 * server's executor applies them (post the plan, move cached balances): every invariant holds
 * after every sequence, and refused commands change nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Account, type TransactionPlan } from '../../../../shared/ledger/accounts.ts';
import { checkInvariants } from '../../../../shared/ledger/invariants.ts';
import type { CustomerState, InvoiceState, PaymentState } from '../../../../shared/ledger/ledger-state.ts';
import { planInvoice } from '../../../../shared/ledger/plan-invoice.ts';
import { planPayment } from '../../../../shared/ledger/plan-payment.ts';
import { planApplyCash, planRefund, planUnapplyCash } from '../../../../shared/ledger/plan-cash-application.ts';
import { planCreditNote, planWriteOff } from '../../../../shared/ledger/plan-invoice-reduction.ts';
import { planReversal } from '../../../../shared/ledger/plan-reversal.ts';
import type { Result } from '../../../../shared/result.ts';

const customers: CustomerState[] = [
  { id: 'c0', ref: 'C0', currency: 'USD', paymentTermsDays: 30 },
  { id: 'c1', ref: 'C1', currency: 'USD', paymentTermsDays: 14 },
];
const DATE = '2026-06-01';

type Command =
  | { kind: 'issue'; customer: number; amount: number }
  | { kind: 'pay'; customer: number; amount: number; explicit: boolean; invoice: number; share: number }
  | { kind: 'apply'; payment: number }
  | { kind: 'unapply'; payment: number; invoice: number; amount: number }
  | { kind: 'credit' | 'writeOff'; invoice: number; amount: number }
  | { kind: 'refund'; payment: number; amount: number }
  | { kind: 'reverse'; transaction: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('issue' as const), customer: fc.nat(1), amount: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({ kind: fc.constant('pay' as const), customer: fc.nat(1), amount: fc.integer({ min: 1, max: 150_000 }), explicit: fc.boolean(), invoice: fc.nat(50), share: fc.integer({ min: 1, max: 150_000 }) }),
  fc.record({ kind: fc.constant('apply' as const), payment: fc.nat(50) }),
  fc.record({ kind: fc.constant('unapply' as const), payment: fc.nat(50), invoice: fc.nat(50), amount: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({ kind: fc.constantFrom('credit' as const, 'writeOff' as const), invoice: fc.nat(50), amount: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({ kind: fc.constant('refund' as const), payment: fc.nat(50), amount: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({ kind: fc.constant('reverse' as const), transaction: fc.nat(100) }),
);

class MemoryLedger {
  readonly invoices: InvoiceState[] = [];
  readonly payments: PaymentState[] = [];
  readonly journal: (TransactionPlan & { id: string; reversed: boolean })[] = [];
  /** What each payment has on each invoice, as the payment_allocations view computes it. */
  applied(paymentId: string, invoiceId: string): bigint {
    let total = 0n;
    for (const t of this.journal) for (const p of t.postings) if (p.account === Account.ar && p.paymentId === paymentId && p.invoiceId === invoiceId) total -= p.amount;
    return total;
  }
  post(plan: TransactionPlan): string {
    const id = `t${this.journal.length}`;
    this.journal.push({ ...plan, id, reversed: false });
    for (const posting of plan.postings) {
      if (posting.account === Account.ar) this.replaceInvoice(posting.invoiceId!, (i) => ({ ...i, open: i.open + posting.amount }));
      if (posting.account === Account.unappliedCash) this.replacePayment(posting.paymentId!, (p) => ({ ...p, unapplied: p.unapplied - posting.amount }));
    }
    return id;
  }
  replaceInvoice(id: string, change: (invoice: InvoiceState) => InvoiceState) {
    const index = this.invoices.findIndex((i) => i.id === id);
    this.invoices[index] = change(this.invoices[index]!);
  }
  replacePayment(id: string, change: (payment: PaymentState) => PaymentState) {
    const index = this.payments.findIndex((p) => p.id === id);
    this.payments[index] = change(this.payments[index]!);
  }
}

function run(ledger: MemoryLedger, cmd: Command): Result<unknown> | null {
  const pick = <T>(items: readonly T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);
  switch (cmd.kind) {
    case 'issue': {
      const customer = customers[cmd.customer]!;
      const invoiceId = `i${ledger.invoices.length}`;
      const plan = planInvoice(customer, { invoiceId, number: `INV-${ledger.invoices.length}`, issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: cmd.amount }] });
      if (!plan.ok) return plan;
      ledger.invoices.push({ id: invoiceId, number: plan.value.number, customerId: customer.id, currency: 'USD', issueDate: plan.value.issueDate, dueDate: plan.value.dueDate, amount: plan.value.amount, open: 0n, voided: false });
      ledger.post(plan.value.transaction);
      return plan;
    }
    case 'pay': {
      const customer = customers[cmd.customer]!;
      const paymentId = `p${ledger.payments.length}`;
      const target = pick(ledger.invoices, cmd.invoice);
      const allocations = cmd.explicit && target ? [{ invoiceNumber: target.number, amount: cmd.share }] : undefined;
      const plan = planPayment(customer, { paymentId, date: DATE, amount: cmd.amount, currency: 'USD', ...(allocations ? { allocations } : {}) }, ledger.invoices);
      if (!plan.ok) return plan;
      ledger.payments.push({ id: paymentId, customerId: customer.id, currency: 'USD', date: DATE, amount: plan.value.amount, unapplied: 0n, reversed: false });
      ledger.post(plan.value.transaction);
      return plan;
    }
    case 'apply': {
      const payment = pick(ledger.payments, cmd.payment);
      if (!payment) return null;
      const plan = planApplyCash(payment, { date: DATE }, ledger.invoices);
      if (plan.ok) ledger.post(plan.value.transaction);
      return plan;
    }
    case 'unapply': {
      const payment = pick(ledger.payments, cmd.payment);
      const invoice = pick(ledger.invoices, cmd.invoice);
      if (!payment || !invoice || invoice.customerId !== payment.customerId) return null;
      const plan = planUnapplyCash(payment, invoice, ledger.applied(payment.id, invoice.id), { date: DATE, amount: cmd.amount });
      if (plan.ok) ledger.post(plan.value.transaction);
      return plan;
    }
    case 'credit':
    case 'writeOff': {
      const invoice = pick(ledger.invoices, cmd.invoice);
      if (!invoice) return null;
      const plan = cmd.kind === 'credit' ? planCreditNote(invoice, { date: DATE, amount: cmd.amount }) : planWriteOff(invoice, { date: DATE, amount: cmd.amount });
      if (plan.ok) ledger.post(plan.value.transaction);
      return plan;
    }
    case 'refund': {
      const payment = pick(ledger.payments, cmd.payment);
      if (!payment) return null;
      const plan = planRefund(payment, { date: DATE, amount: cmd.amount });
      if (plan.ok) ledger.post(plan.value.transaction);
      return plan;
    }
    case 'reverse': {
      const original = pick(ledger.journal, cmd.transaction);
      if (!original) return null;
      const plan = planReversal(original, { date: DATE }, new Map(ledger.invoices.map((i) => [i.id, i])), new Map(ledger.payments.map((p) => [p.id, p])));
      if (!plan.ok) return plan;
      original.reversed = true;
      ledger.post(plan.value.transaction);
      if (plan.value.voidsInvoiceId) ledger.replaceInvoice(plan.value.voidsInvoiceId, (i) => ({ ...i, voided: true }));
      if (plan.value.reversesPaymentId) ledger.replacePayment(plan.value.reversesPaymentId, (p) => ({ ...p, reversed: true }));
      return plan;
    }
  }
}

describe('ledger invariants under random command sequences', () => {
  it('debits = credits, AR control = Σ customer balances + unapplied = Σ invoice open, nothing over-applied', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (commands) => {
        const ledger = new MemoryLedger();
        for (const cmd of commands) {
          const before = JSON.stringify({ i: ledger.invoices, p: ledger.payments, n: ledger.journal.length }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
          const result = run(ledger, cmd);
          if (result && !result.ok) {
            expect(JSON.stringify({ i: ledger.invoices, p: ledger.payments, n: ledger.journal.length }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toBe(before);
            expect(result.error.message.length).toBeGreaterThan(0);
          }
          const report = checkInvariants(ledger.journal, ledger.invoices);
          expect(report.violations).toEqual([]);
          for (const payment of ledger.payments) expect(payment.unapplied >= 0n).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
