/**
 * Which reminder goes out to one customer on one day. Each open invoice is at the latest cadence
 * step whose day (due date + offset) has come; that step is due unless it or a later one was
 * already handled (sent or skipped) for the invoice — so a missed day catches up with one
 * message, never a burst, and running the same day twice plans nothing new. All invoices with a
 * due step go into one message, which also lists the customer's other overdue invoices; the
 * message uses the template of the highest step among them. Invoices that must not be chased
 * (open dispute, valid promise, paused customer, unresolved terms mismatch) are reported as
 * skipped, with why, and their step counts as handled.
 */
import { daysBetween, type IsoDate } from '../time/dates.ts';
import type { CadenceStep } from './cadence.ts';

export const SkipReason = {
  disputed: 'disputed',
  promised: 'promised',
  paused: 'paused',
  termsMismatch: 'terms_mismatch',
  noContact: 'no_contact',
  noTemplate: 'no_template',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

export interface PlanInvoice {
  readonly id: string;
  readonly number: string;
  readonly dueDate: IsoDate;
  readonly openAmount: number;
  readonly currency: string;
  /** Offsets of the steps already handled for this invoice. */
  readonly handledOffsets: readonly number[];
  /** Set when this invoice must not be chased today. */
  readonly blockedBy?: SkipReason;
}

export interface DueStep {
  readonly invoice: PlanInvoice;
  readonly step: CadenceStep;
}

export interface ReminderPlan {
  /** undefined → nothing to send today. */
  readonly message?: {
    readonly step: CadenceStep;
    /** Invoices whose step is due: the message is about them. */
    readonly due: readonly DueStep[];
    /** Every invoice the message lists: the due ones plus other unblocked overdue invoices. */
    readonly invoices: readonly PlanInvoice[];
  };
  readonly skipped: readonly (DueStep & { readonly reason: SkipReason })[];
}

/** The step due for one invoice on `asOf`, if any. */
export function dueStep(steps: readonly CadenceStep[], invoice: PlanInvoice, asOf: IsoDate): CadenceStep | undefined {
  if (invoice.openAmount <= 0) return undefined;
  const daysFromDue = daysBetween(invoice.dueDate, asOf);
  let current: CadenceStep | undefined;
  for (const step of steps) if (step.offsetDays <= daysFromDue) current = step;
  if (!current) return undefined;
  const latestHandled = Math.max(-Infinity, ...invoice.handledOffsets);
  return latestHandled >= current.offsetDays ? undefined : current;
}

export function planReminders(steps: readonly CadenceStep[], invoices: readonly PlanInvoice[], asOf: IsoDate): ReminderPlan {
  const due: DueStep[] = [];
  const skipped: (DueStep & { reason: SkipReason })[] = [];
  for (const invoice of invoices) {
    const step = dueStep(steps, invoice, asOf);
    if (!step) continue;
    if (invoice.blockedBy) skipped.push({ invoice, step, reason: invoice.blockedBy });
    else due.push({ invoice, step });
  }
  if (due.length === 0) return { skipped };
  const step = due.reduce((highest, item) => (item.step.offsetDays > highest.offsetDays ? item.step : highest), due[0]!.step);
  const dueIds = new Set(due.map((item) => item.invoice.id));
  const alsoOverdue = invoices.filter((invoice) => !dueIds.has(invoice.id) && !invoice.blockedBy && invoice.openAmount > 0 && daysBetween(invoice.dueDate, asOf) > 0);
  const listed = [...due.map((item) => item.invoice), ...alsoOverdue].sort((a, b) => (a.dueDate === b.dueDate ? a.number.localeCompare(b.number) : a.dueDate < b.dueDate ? -1 : 1));
  return { message: { step, due, invoices: listed }, skipped };
}

/** The idempotency key of a message: the same customer, invoice set, step and day never send twice. */
export function messageKey(customerId: string, invoiceIds: readonly string[], offsetDays: number, day: IsoDate): string {
  return `reminder:${customerId}:${[...invoiceIds].sort().join(',')}:${offsetDays}:${day}`;
}
