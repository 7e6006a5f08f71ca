/**
 * What the collections run decides for one customer on one day, from plain facts: promise
 * outcomes, hold or release, a limit alert, terms checks of new invoices, escalations, and the
 * reminder plan with every invoice's reason not to be chased. Pure; server/collections loads the
 * facts (twice: once to find customers with work, again inside the customer's transaction right
 * before writing) and applies the decision.
 */
import { daysBetween, type IsoDate } from '../time/dates.ts';
import type { CadenceStep } from './cadence.ts';
import { evaluateHold, type HoldDecision, type LimitAlert } from './credit-hold.ts';
import { shouldEscalate, unansweredReminders, type EscalationPolicy } from './escalation.ts';
import { promiseState } from './promise-to-pay.ts';
import { planReminders, SkipReason, type PlanInvoice, type ReminderPlan } from './reminder-plan.ts';
import { termsMismatches, type NegotiatedTerms, type TermsMismatch } from './terms-mismatch.ts';

export interface FactInvoice {
  readonly id: string;
  readonly number: string;
  readonly currency: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly openAmount: number;
  readonly openDispute: boolean;
  /** Reminder steps handled for this invoice. */
  readonly steps: readonly { readonly offset: number; readonly day: IsoDate; readonly outcome: 'sent' | 'skipped'; readonly openAmount: number }[];
  readonly everEscalated: boolean;
  readonly openTermsTask: boolean;
  /** Set when the invoice has not been checked against negotiated terms yet. */
  readonly uncheckedLines?: readonly { readonly description: string; readonly unitPrice: number }[];
}

export interface FactPromise {
  readonly id: string;
  readonly invoiceNumbers: readonly string[];
  readonly amount: number;
  readonly date: IsoDate;
  /** null → first seen by the scheduler: the current open amount becomes its baseline. */
  readonly openAtPromise: number | null;
}

export interface CustomerFacts {
  readonly customerId: string;
  readonly currency: string;
  readonly creditLimit: bigint;
  readonly unbilledOrders: bigint;
  readonly onHold: boolean;
  readonly holdReason: string | null;
  readonly limitAlert: LimitAlert | null;
  readonly pausedUntil: IsoDate | null;
  /** Day of the customer's last reply (a message through the link, a promise); null → never. */
  readonly lastReplyOn: IsoDate | null;
  /** The customer's own overdue-hold threshold; null → the policy's (the company's). */
  readonly overdueThreshold: bigint | null;
  readonly hasOpenPausingTask: boolean;
  readonly hasContact: boolean;
  /** Open invoices issued on or before the day. */
  readonly invoices: readonly FactInvoice[];
  /** Promises still open. */
  readonly promises: readonly FactPromise[];
  readonly terms: NegotiatedTerms | null;
  readonly steps: readonly CadenceStep[];
  readonly templateIds: ReadonlySet<string>;
}

export interface DailyPolicy {
  readonly escalation: EscalationPolicy;
  /** The company's overdue-hold threshold (minor units); a customer's own one wins. */
  readonly overdueThreshold: bigint;
}

export interface DailyDecision {
  readonly promises: readonly { readonly promise: FactPromise; readonly state: 'open' | 'kept' | 'broken'; readonly openNow: number }[];
  readonly hold: HoldDecision;
  readonly holdChanged: boolean;
  readonly alertChanged: boolean;
  readonly termsChecks: readonly { readonly invoice: FactInvoice; readonly mismatches: readonly TermsMismatch[] }[];
  readonly escalate: readonly FactInvoice[];
  readonly paused: boolean;
  readonly plan: ReminderPlan;
}

export function decideDay(facts: CustomerFacts, asOf: IsoDate, policy: DailyPolicy): DailyDecision {
  const openByNumber = new Map(facts.invoices.map((invoice) => [invoice.number, invoice.openAmount]));
  const promises = facts.promises.map((promise) => {
    const openNow = promise.invoiceNumbers.reduce((sum, number) => sum + (openByNumber.get(number) ?? 0), 0);
    const state = promiseState({ date: promise.date, amount: promise.amount, openAtPromise: promise.openAtPromise ?? openNow, openNow }, asOf);
    return { promise, state, openNow };
  });
  const promised = new Set(promises.filter((item) => item.state === 'open').flatMap((item) => item.promise.invoiceNumbers));
  const brokenNow = promises.some((item) => item.state === 'broken');

  const hold = evaluateHold(
    {
      creditLimit: facts.creditLimit,
      unbilledOrders: facts.unbilledOrders,
      overdueThreshold: facts.overdueThreshold ?? policy.overdueThreshold,
      invoices: facts.invoices.filter((invoice) => invoice.currency === facts.currency).map((invoice) => ({ number: invoice.number, dueDate: invoice.dueDate, openAmount: BigInt(invoice.openAmount) })),
    },
    asOf,
  );
  const holdChanged = hold.onHold !== facts.onHold || (hold.onHold && hold.reason !== facts.holdReason);

  const termsChecks = facts.terms
    ? facts.invoices.filter((invoice) => invoice.uncheckedLines).map((invoice) => ({ invoice, mismatches: termsMismatches(facts.terms!, { ...invoice, lines: invoice.uncheckedLines! }) }))
    : [];
  const mismatched = new Set([...termsChecks.filter((check) => check.mismatches.length > 0).map((check) => check.invoice.id), ...facts.invoices.filter((invoice) => invoice.openTermsTask).map((invoice) => invoice.id)]);

  const escalate = facts.invoices.filter((invoice) => {
    const unanswered = unansweredReminders(invoice.steps.filter((step) => step.outcome === 'sent'), invoice.openAmount, facts.lastReplyOn);
    return shouldEscalate(
      { remindersSent: unanswered.count, lastReminderOn: unanswered.lastOn, openAmount: invoice.openAmount, openAtFirstReminder: invoice.openAmount, hasValidPromise: promised.has(invoice.number), hasOpenDispute: invoice.openDispute, alreadyEscalated: invoice.everEscalated },
      asOf,
      policy.escalation,
    );
  });

  const paused = (facts.pausedUntil !== null && daysBetween(asOf, facts.pausedUntil) >= 0) || facts.hasOpenPausingTask || escalate.length > 0 || brokenNow;
  const planInvoices: PlanInvoice[] = facts.invoices.map((invoice) => {
    const blockedBy = invoice.openDispute
      ? SkipReason.disputed
      : promised.has(invoice.number)
        ? SkipReason.promised
        : paused
          ? SkipReason.paused
          : mismatched.has(invoice.id)
            ? SkipReason.termsMismatch
            : !facts.hasContact
              ? SkipReason.noContact
              : undefined;
    return { id: invoice.id, number: invoice.number, dueDate: invoice.dueDate, openAmount: invoice.openAmount, currency: invoice.currency, handledOffsets: invoice.steps.map((step) => step.offset), ...(blockedBy ? { blockedBy } : {}) };
  });
  let plan = planReminders(facts.steps, planInvoices, asOf);
  if (plan.message && !facts.templateIds.has(plan.message.step.templateId)) {
    plan = { skipped: [...plan.skipped, ...plan.message.due.map((item) => ({ ...item, reason: SkipReason.noTemplate }))] };
  }
  return { promises, hold, holdChanged, alertChanged: hold.alert !== facts.limitAlert, termsChecks, escalate, paused, plan };
}

/** Whether applying the decision writes anything (most customers, most days: no). */
export function hasWork(decision: DailyDecision): boolean {
  return (
    decision.promises.some((item) => item.state !== 'open' || item.promise.openAtPromise === null) ||
    decision.holdChanged ||
    decision.alertChanged ||
    decision.termsChecks.length > 0 ||
    decision.escalate.length > 0 ||
    decision.plan.message !== undefined ||
    decision.plan.skipped.length > 0
  );
}
