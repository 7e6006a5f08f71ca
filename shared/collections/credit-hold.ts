/**
 * Credit limits and holds. Exposure = open AR + unbilled orders. A customer is on hold when its
 * exposure exceeds its credit limit (a limit of 0 means none was set) or when any invoice is 61+
 * days past due with more than `overdueThreshold` open. Alerts at 80 % and 100 % of the limit.
 * Money in minor units of the customer's currency (bigint: exposure can exceed 2^53 in theory).
 */
import { daysBetween, type IsoDate } from '../time/dates.ts';

export const HOLD_DAYS_PAST_DUE = 61;

export type HoldReason = 'credit_limit' | 'overdue_61';
export type LimitAlert = 'limit_80' | 'limit_100';

export interface HoldFacts {
  readonly creditLimit: bigint;
  readonly unbilledOrders: bigint;
  readonly invoices: readonly { readonly number: string; readonly dueDate: IsoDate; readonly openAmount: bigint }[];
  /** Minor units an invoice 61+ days late must exceed to put the customer on hold. */
  readonly overdueThreshold: bigint;
}

export interface HoldDecision {
  readonly exposure: bigint;
  readonly onHold: boolean;
  readonly reason: HoldReason | null;
  /** Human-readable why, for the log and the ERP. */
  readonly detail: string | null;
  readonly alert: LimitAlert | null;
}

export function evaluateHold(facts: HoldFacts, asOf: IsoDate): HoldDecision {
  const openAr = facts.invoices.reduce((sum, invoice) => sum + invoice.openAmount, 0n);
  const exposure = openAr + facts.unbilledOrders;
  const limited = facts.creditLimit > 0n;
  // Integer percent comparisons: exposure × 100 ≥ limit × 80, no floats.
  const alert: LimitAlert | null = !limited ? null : exposure * 100n >= facts.creditLimit * 100n ? 'limit_100' : exposure * 100n >= facts.creditLimit * 80n ? 'limit_80' : null;
  if (limited && exposure > facts.creditLimit) {
    return { exposure, onHold: true, reason: 'credit_limit', detail: `Exposure ${exposure} exceeds credit limit ${facts.creditLimit}`, alert };
  }
  const overdue = facts.invoices.find((invoice) => daysBetween(invoice.dueDate, asOf) >= HOLD_DAYS_PAST_DUE && invoice.openAmount > facts.overdueThreshold);
  if (overdue) {
    return { exposure, onHold: true, reason: 'overdue_61', detail: `Invoice ${overdue.number} is ${daysBetween(overdue.dueDate, asOf)} days past due`, alert };
  }
  return { exposure, onHold: false, reason: null, detail: null, alert };
}
