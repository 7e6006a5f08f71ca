import { describe, expect, it } from 'vitest';
import { shouldEscalate, unansweredReminders, type EscalationFacts } from '../../../../shared/collections/escalation.ts';

const facts = (over: Partial<EscalationFacts> = {}): EscalationFacts => ({
  remindersSent: 3, lastReminderOn: '2026-03-10', openAmount: 1000, openAtFirstReminder: 1000, hasValidPromise: false, hasOpenDispute: false, alreadyEscalated: false, ...over,
});

describe('escalation to sales', () => {
  it('escalates after the 3rd unanswered reminder once the grace days have passed', () => {
    expect(shouldEscalate(facts(), '2026-03-12')).toBe(false);
    expect(shouldEscalate(facts(), '2026-03-13')).toBe(true);
    expect(shouldEscalate(facts({ remindersSent: 2 }), '2026-03-20')).toBe(false);
  });

  it('does not escalate after a payment, with a promise or dispute, or twice', () => {
    expect(shouldEscalate(facts({ openAmount: 900 }), '2026-03-20')).toBe(false);
    expect(shouldEscalate(facts({ hasValidPromise: true }), '2026-03-20')).toBe(false);
    expect(shouldEscalate(facts({ hasOpenDispute: true }), '2026-03-20')).toBe(false);
    expect(shouldEscalate(facts({ alreadyEscalated: true }), '2026-03-20')).toBe(false);
    expect(shouldEscalate(facts({ openAmount: 0, openAtFirstReminder: 0 }), '2026-03-20')).toBe(false);
  });

  it('honours a configured threshold', () => {
    expect(shouldEscalate(facts({ remindersSent: 2 }), '2026-03-20', { afterReminders: 2, graceDays: 0 })).toBe(true);
  });

  it('counts only reminders at the current balance sent after the last reply', () => {
    const sent = [
      { day: '2026-03-01', openAmount: 1000 },
      { day: '2026-03-05', openAmount: 1000 },
      { day: '2026-03-09', openAmount: 1000 },
    ];
    expect(unansweredReminders(sent, 1000, null)).toEqual({ count: 3, lastOn: '2026-03-09' });
    expect(unansweredReminders(sent, 1000, '2026-03-05')).toEqual({ count: 1, lastOn: '2026-03-09' });
    expect(unansweredReminders(sent, 1000, '2026-03-09')).toEqual({ count: 0, lastOn: undefined });
    expect(unansweredReminders(sent, 800, null)).toEqual({ count: 0, lastOn: undefined });
  });
});
