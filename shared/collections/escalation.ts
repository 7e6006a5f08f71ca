/**
 * Escalation to sales: after N reminders (default 3) on an invoice that brought no payment, no
 * promise and no dispute, the customer's sales owner gets a task and automated mail to the
 * customer pauses until that task is handled. "Failed" needs the customer to have had a chance:
 * the check runs `graceDays` after the Nth reminder.
 */
import { daysBetween, type IsoDate } from '../time/dates.ts';

export const DEFAULT_ESCALATE_AFTER = 3;
export const DEFAULT_ESCALATION_GRACE_DAYS = 3;

export interface EscalationFacts {
  readonly remindersSent: number;
  readonly lastReminderOn: IsoDate | undefined;
  readonly openAmount: number;
  /** Open amount when the first counted reminder went out; any payment since resets the count. */
  readonly openAtFirstReminder: number;
  readonly hasValidPromise: boolean;
  readonly hasOpenDispute: boolean;
  readonly alreadyEscalated: boolean;
}

export interface EscalationPolicy {
  readonly afterReminders: number;
  readonly graceDays: number;
}

export const defaultEscalationPolicy: EscalationPolicy = { afterReminders: DEFAULT_ESCALATE_AFTER, graceDays: DEFAULT_ESCALATION_GRACE_DAYS };

export function shouldEscalate(facts: EscalationFacts, asOf: IsoDate, policy: EscalationPolicy = defaultEscalationPolicy): boolean {
  if (facts.alreadyEscalated || facts.hasValidPromise || facts.hasOpenDispute) return false;
  if (facts.openAmount <= 0 || facts.openAmount < facts.openAtFirstReminder) return false;
  if (facts.remindersSent < policy.afterReminders || facts.lastReminderOn === undefined) return false;
  return daysBetween(facts.lastReminderOn, asOf) >= policy.graceDays;
}
