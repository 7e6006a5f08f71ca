/**
 * The dispute state machine: open → resolved, with outcome credit (a credit note for
 * `creditAmount` is posted, 0 < creditAmount ≤ open amount), upheld (invoice stands as billed)
 * or rejected (claim refused). A resolved dispute never changes again; comments are allowed on
 * open and resolved disputes. One open dispute per invoice at a time.
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import { isIsoDate } from '../time/dates.ts';

export const DisputeReason = { pricing: 'pricing', quantity: 'quantity', quality: 'quality', notReceived: 'not_received', duplicate: 'duplicate', terms: 'terms', other: 'other' } as const;
export type DisputeReason = (typeof DisputeReason)[keyof typeof DisputeReason];
export const disputeReasons: readonly DisputeReason[] = Object.values(DisputeReason);

export const DisputeOutcome = { credit: 'credit', upheld: 'upheld', rejected: 'rejected' } as const;
export type DisputeOutcome = (typeof DisputeOutcome)[keyof typeof DisputeOutcome];
export const disputeOutcomes: readonly DisputeOutcome[] = Object.values(DisputeOutcome);

export const DisputeStatus = { open: 'open', resolved: 'resolved' } as const;
export type DisputeStatus = (typeof DisputeStatus)[keyof typeof DisputeStatus];

export const MAX_NOTE_LENGTH = 4000;

export interface DisputeFacts {
  readonly status: DisputeStatus;
  readonly openedOn: string;
}

export interface Resolution {
  readonly outcome: DisputeOutcome;
  readonly creditAmount: bigint | null;
  readonly note: string;
  readonly resolvedOn: string;
}

export function checkOpen(input: { readonly reason: string; readonly note: string; readonly openedOn: string }, invoice: { readonly issueDate: string; readonly voided: boolean }): Result<{ readonly reason: DisputeReason; readonly note: string; readonly openedOn: string }> {
  if (!(disputeReasons as readonly string[]).includes(input.reason)) return fail(ErrorCode.validation, `reason must be one of ${disputeReasons.join(', ')}`, 'reason');
  if (input.note.length > MAX_NOTE_LENGTH) return fail(ErrorCode.validation, `note is longer than ${MAX_NOTE_LENGTH} characters`, 'note');
  if (!isIsoDate(input.openedOn)) return fail(ErrorCode.validation, 'openedOn must be a date YYYY-MM-DD', 'openedOn');
  if (input.openedOn < invoice.issueDate) return fail(ErrorCode.validation, 'openedOn is before the invoice was issued', 'openedOn');
  if (invoice.voided) return fail(ErrorCode.invalidState, 'A void invoice cannot be disputed', 'invoiceNumber');
  return ok({ reason: input.reason as DisputeReason, note: input.note, openedOn: input.openedOn });
}

/** `openAmount`: what the invoice still has open, the ceiling of a credit. */
export function resolve(dispute: DisputeFacts, input: { readonly outcome: string; readonly creditAmount?: number | undefined; readonly note: string; readonly resolvedOn: string }, openAmount: bigint): Result<Resolution> {
  if (dispute.status !== DisputeStatus.open) return fail(ErrorCode.invalidState, 'This dispute is already resolved', 'outcome');
  if (!(disputeOutcomes as readonly string[]).includes(input.outcome)) return fail(ErrorCode.validation, `outcome must be one of ${disputeOutcomes.join(', ')}`, 'outcome');
  if (input.note.length > MAX_NOTE_LENGTH) return fail(ErrorCode.validation, `note is longer than ${MAX_NOTE_LENGTH} characters`, 'note');
  if (!isIsoDate(input.resolvedOn)) return fail(ErrorCode.validation, 'resolvedOn must be a date YYYY-MM-DD', 'resolvedOn');
  if (input.resolvedOn < dispute.openedOn) return fail(ErrorCode.validation, 'resolvedOn is before the dispute was opened', 'resolvedOn');
  const outcome = input.outcome as DisputeOutcome;
  if (outcome !== DisputeOutcome.credit) {
    if (input.creditAmount !== undefined) return fail(ErrorCode.validation, `creditAmount only goes with outcome "credit"`, 'creditAmount');
    return ok({ outcome, creditAmount: null, note: input.note, resolvedOn: input.resolvedOn });
  }
  if (input.creditAmount === undefined || !Number.isSafeInteger(input.creditAmount) || input.creditAmount <= 0) return fail(ErrorCode.validation, 'A credit outcome needs a positive integer creditAmount', 'creditAmount');
  const creditAmount = BigInt(input.creditAmount);
  if (creditAmount > openAmount) return fail(ErrorCode.overApplication, `creditAmount ${creditAmount} is more than the ${openAmount} open`, 'creditAmount');
  return ok({ outcome, creditAmount, note: input.note, resolvedOn: input.resolvedOn });
}

export function checkComment(body: string): Result<string> {
  const trimmed = body.trim();
  if (trimmed.length === 0) return fail(ErrorCode.validation, 'body must not be empty', 'body');
  if (trimmed.length > MAX_NOTE_LENGTH) return fail(ErrorCode.validation, `body is longer than ${MAX_NOTE_LENGTH} characters`, 'body');
  return ok(trimmed);
}

/** Open at D (end of day): opened on or before D and not resolved on or before D. */
export function isOpenAt(dispute: { readonly openedOn: string; readonly resolvedOn: string | null }, asOf: string): boolean {
  return dispute.openedOn <= asOf && (dispute.resolvedOn === null || dispute.resolvedOn > asOf);
}
