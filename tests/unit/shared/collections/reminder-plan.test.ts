import { describe, expect, it } from 'vitest';
import { dueStep, messageKey, planReminders, type PlanInvoice } from '../../../../shared/collections/reminder-plan.ts';
import { addDays } from '../../../../shared/time/dates.ts';

const steps = [-3, 1, 7, 14, 21].map((offsetDays) => ({ offsetDays, templateId: `t${offsetDays}` }));
const invoice = (over: Partial<PlanInvoice> = {}): PlanInvoice => ({ id: 'i1', number: 'INV-1', dueDate: '2026-03-10', openAmount: 1000, currency: 'USD', handledOffsets: [], ...over });

describe('reminder planning', () => {
  it('fires each step on its day and nothing between', () => {
    const fired: number[] = [];
    const handled: number[] = [];
    for (let day = -10; day <= 40; day++) {
      const step = dueStep(steps, invoice({ handledOffsets: handled }), addDays('2026-03-10', day));
      if (step) {
        fired.push(day);
        handled.push(step.offsetDays);
      }
    }
    expect(fired).toEqual([-3, 1, 7, 14, 21]);
  });

  it('catches up a missed run with the latest step only', () => {
    expect(dueStep(steps, invoice(), '2026-03-30')?.offsetDays).toBe(14);
    expect(dueStep(steps, invoice({ handledOffsets: [14] }), '2026-03-30')).toBeUndefined();
    expect(dueStep(steps, invoice({ openAmount: 0 }), '2026-03-30')).toBeUndefined();
  });

  it('groups a customer’s due invoices and other overdue ones into one message at the highest step', () => {
    const plan = planReminders(
      steps,
      [
        invoice({ id: 'a', number: 'A', dueDate: '2026-03-09' }), // +1 today
        invoice({ id: 'b', number: 'B', dueDate: '2026-03-01', handledOffsets: [-3, 1, 7] }), // +9: step 7 handled
        invoice({ id: 'c', number: 'C', dueDate: '2026-02-24', handledOffsets: [7] }), // +14 today
        invoice({ id: 'd', number: 'D', dueDate: '2026-04-30' }), // not due
      ],
      '2026-03-10',
    );
    expect(plan.message?.step.offsetDays).toBe(14);
    expect(plan.message?.due.map((item) => [item.invoice.number, item.step.offsetDays])).toEqual([['A', 1], ['C', 14]]);
    expect(plan.message?.invoices.map((item) => item.number)).toEqual(['C', 'B', 'A']);
    expect(plan.skipped).toEqual([]);
  });

  it('skips blocked invoices with the reason and leaves them out of the message', () => {
    const plan = planReminders(steps, [invoice({ id: 'a', number: 'A', blockedBy: 'disputed' }), invoice({ id: 'b', number: 'B', blockedBy: 'promised', dueDate: '2026-03-01' })], '2026-03-11');
    expect(plan.message).toBeUndefined();
    expect(plan.skipped.map((item) => [item.invoice.number, item.reason, item.step.offsetDays])).toEqual([['A', 'disputed', 1], ['B', 'promised', 7]]);
  });

  it('keys a message by customer, invoice set, step and day, independent of order', () => {
    expect(messageKey('c', ['b', 'a'], 7, '2026-03-10')).toBe(messageKey('c', ['a', 'b'], 7, '2026-03-10'));
    expect(messageKey('c', ['a'], 7, '2026-03-10')).not.toBe(messageKey('c', ['a'], 7, '2026-03-11'));
  });
});
