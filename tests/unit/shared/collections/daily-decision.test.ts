import { describe, expect, it } from 'vitest';
import { decideDay, hasWork, type CustomerFacts, type FactInvoice } from '../../../../shared/collections/daily-decision.ts';
import { defaultEscalationPolicy } from '../../../../shared/collections/escalation.ts';

const policy = { escalation: defaultEscalationPolicy, overdueThreshold: 0n };
const steps = [-3, 1, 7].map((offsetDays) => ({ offsetDays, templateId: 't' }));
const invoice = (over: Partial<FactInvoice> = {}): FactInvoice => ({
  id: 'i1', number: 'INV-1', currency: 'USD', issueDate: '2026-02-01', dueDate: '2026-03-01', openAmount: 1_000, openDispute: false, steps: [], everEscalated: false, openTermsTask: false, ...over,
});
const facts = (over: Partial<CustomerFacts> = {}): CustomerFacts => ({
  customerId: 'c1', currency: 'USD', creditLimit: 0n, unbilledOrders: 0n, onHold: false, holdReason: null, limitAlert: null, pausedUntil: null, lastReplyOn: null, overdueThreshold: null, hasOpenPausingTask: false, hasContact: true,
  invoices: [invoice()], promises: [], terms: null, steps, templateIds: new Set(['t']), ...over,
});

describe('one customer’s day', () => {
  it('plans the due reminder and nothing else on a quiet day', () => {
    const decision = decideDay(facts(), '2026-03-02', policy);
    expect(decision.plan.message?.step.offsetDays).toBe(1);
    expect(decision).toMatchObject({ holdChanged: false, alertChanged: false, escalate: [], paused: false });
    expect(hasWork(decision)).toBe(true);
    const handled = invoice({ steps: [{ offset: 1, day: '2026-03-02', outcome: 'sent', openAmount: 1_000 }] });
    expect(hasWork(decideDay(facts({ invoices: [handled] }), '2026-03-03', policy))).toBe(false);
  });

  it('skips a promised invoice while the promise is valid and breaks it the day after its date', () => {
    const promise = { id: 'p', invoiceNumbers: ['INV-1'], amount: 1_000, date: '2026-03-05', openAtPromise: 1_000 };
    expect(decideDay(facts({ promises: [promise] }), '2026-03-02', policy).plan.skipped.map((item) => item.reason)).toEqual(['promised']);
    const broken = decideDay(facts({ promises: [promise] }), '2026-03-06', policy);
    expect(broken.promises.map((item) => item.state)).toEqual(['broken']);
    expect(broken.paused).toBe(true);
  });

  it('escalates after three reminders at the same balance, not after a part payment', () => {
    const sent = [-3, 1, 7].map((offset, index) => ({ offset, day: ['2026-02-26', '2026-03-02', '2026-03-08'][index]!, outcome: 'sent' as const, openAmount: 1_000 }));
    expect(decideDay(facts({ invoices: [invoice({ steps: sent })] }), '2026-03-11', policy).escalate.map((item) => item.number)).toEqual(['INV-1']);
    expect(decideDay(facts({ invoices: [invoice({ steps: sent, openAmount: 600 })] }), '2026-03-11', policy).escalate).toEqual([]);
  });

  it('does not escalate when the customer replied since the last reminder; later reminders count again', () => {
    const days = ['2026-02-26', '2026-03-02', '2026-03-08'];
    const sent = [-3, 1, 7].map((offset, index) => ({ offset, day: days[index]!, outcome: 'sent' as const, openAmount: 1_000 }));
    const withSteps = (over: Partial<CustomerFacts>) => facts({ invoices: [invoice({ steps: sent })], ...over });
    // A message on the day of the third reminder answers it; one before it leaves only one unanswered.
    expect(decideDay(withSteps({ lastReplyOn: '2026-03-08' }), '2026-03-11', policy).escalate).toEqual([]);
    expect(decideDay(withSteps({ lastReplyOn: '2026-03-01' }), '2026-03-11', policy).escalate).toEqual([]);
    // A reply before the first reminder answers none of them.
    expect(decideDay(withSteps({ lastReplyOn: '2026-02-25' }), '2026-03-11', policy).escalate.map((item) => item.number)).toEqual(['INV-1']);
    // Three more reminders after the reply, still unpaid: escalate.
    const more = [...sent, ...[14, 21, 28].map((offset) => ({ offset, day: `2026-03-${String(offset + 1).padStart(2, '0')}`, outcome: 'sent' as const, openAmount: 1_000 }))];
    expect(decideDay(facts({ invoices: [invoice({ steps: more })], lastReplyOn: '2026-03-08' }), '2026-04-01', policy).escalate.map((item) => item.number)).toEqual(['INV-1']);
  });

  it('holds past 61 days only above the threshold; a customer threshold wins over the company one', () => {
    const late = (over: Partial<CustomerFacts>, threshold = 0n) => decideDay(facts({ invoices: [invoice({ dueDate: '2026-01-01', openAmount: 1_000 })], ...over }), '2026-03-03', { ...policy, overdueThreshold: threshold });
    expect(late({}, 1_000n).hold.onHold).toBe(false);
    expect(late({}, 999n).hold).toMatchObject({ onHold: true, reason: 'overdue_61' });
    expect(late({ overdueThreshold: 5_000n }, 0n).hold.onHold).toBe(false);
    expect(late({ overdueThreshold: 0n }, 5_000n).hold.onHold).toBe(true);
  });

  it('pauses on a manual pause until its end date, and holds past 61 days', () => {
    expect(decideDay(facts({ pausedUntil: '2026-03-02' }), '2026-03-02', policy).plan.skipped.map((item) => item.reason)).toEqual(['paused']);
    const late = decideDay(facts({ invoices: [invoice({ dueDate: '2026-01-01' })] }), '2026-03-03', policy);
    expect(late).toMatchObject({ holdChanged: true, hold: { onHold: true, reason: 'overdue_61' } });
  });

  it('holds back the first reminder of an invoice that contradicts the negotiated terms', () => {
    const terms = { paymentTermsDays: 45, discountBps: 0, listPrices: {}, notes: '' };
    const decision = decideDay(facts({ terms, invoices: [invoice({ uncheckedLines: [] })] }), '2026-02-26', policy);
    expect(decision.termsChecks[0]!.mismatches.map((mismatch) => mismatch.field)).toEqual(['paymentTerms']);
    expect(decision.plan.skipped.map((item) => item.reason)).toEqual(['terms_mismatch']);
  });
});
