/**
 * Disputes in the metrics (DESIGN §4): the clean variants exclude invoices with an open dispute
 * at D; the report adds the disputed balance and the mean dispute-resolution days.
 *
 * - A dispute is **open at D** when openedOn ≤ D and (resolvedOn is null or resolvedOn > D): a
 *   dispute resolved on D itself is closed at the end of D.
 * - **Disputed balance** = the open amounts at D of the invoices with an open dispute at D. An
 *   invoice counts once however many disputes it has open.
 * - **Mean dispute-resolution days** = over disputes resolved on or before D, the mean of
 *   resolvedOn − openedOn in days (0 for one opened and resolved the same day); null when none
 *   was resolved yet, since there is no mean of nothing.
 */
import { daysBetween, type IsoDate } from '../time/dates.ts';
import type { MetricsInvoice } from './metrics-input.ts';

type Dispute = MetricsInvoice['disputes'][number];

export function isDisputeOpenAt(dispute: Dispute, date: IsoDate): boolean {
  return dispute.openedOn <= date && (dispute.resolvedOn === null || dispute.resolvedOn > date);
}

export function hasOpenDisputeAt(invoice: MetricsInvoice, date: IsoDate): boolean {
  return invoice.disputes.some((dispute) => isDisputeOpenAt(dispute, date));
}

export interface ResolvedDisputes {
  readonly count: number;
  readonly totalDays: number;
}

/** Adds the disputes of `invoice` resolved on or before `date` to `into`. */
export function addResolvedDisputes(into: { count: number; totalDays: number }, invoice: MetricsInvoice, date: IsoDate): void {
  for (const dispute of invoice.disputes) {
    if (dispute.resolvedOn !== null && dispute.resolvedOn <= date) {
      into.count += 1;
      into.totalDays += daysBetween(dispute.openedOn, dispute.resolvedOn);
    }
  }
}

/** Mean resolution days, unrounded; null when no dispute was resolved. */
export function meanResolutionDays({ count, totalDays }: ResolvedDisputes): number | null {
  return count > 0 ? totalDays / count : null;
}
