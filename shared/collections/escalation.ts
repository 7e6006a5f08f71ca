/**
 * Escalation to sales: after N reminders (default 3) on an invoice that brought no payment, no
 * promise, no dispute and no reply, the customer's sales owner gets a task and automated mail to
 * the customer pauses until that task is handled. "Failed" needs the customer to have had a
 * chance: the check runs `graceDays` after the Nth reminder. A reply (a message through the
 * link, a promise) answers every reminder sent up to its day: only reminders after it count.
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

export interface SentReminder {
  readonly day: IsoDate;
  /** The invoice's open amount when this reminder went out. */
  readonly openAmount: number;
}

/**
 * The reminders that count towards escalation: sent at the invoice's current balance (a payment
 * since starts the count again) and after the customer's last reply (a reply on the day of a
 * reminder answers it).
 */
export function unansweredReminders(sent: readonly SentReminder[], openAmount: number, lastReplyOn: IsoDate | null): { readonly count: number; readonly lastOn: IsoDate | undefined } {
  const counted = sent.filter((reminder) => reminder.openAmount === openAmount && (lastReplyOn === null || reminder.day > lastReplyOn));
  const lastOn = counted.reduce<IsoDate | undefined>((latest, reminder) => (latest === undefined || reminder.day > latest ? reminder.day : latest), undefined);
  return { count: counted.length, lastOn };
}
