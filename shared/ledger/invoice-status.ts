/** An invoice's status is derived, never stored as truth: from its amounts, void flag, write-offs and open dispute. */
export const InvoiceStatus = {
  draft: 'draft',
  open: 'open',
  partiallyPaid: 'partially_paid',
  paid: 'paid',
  disputed: 'disputed',
  writtenOff: 'written_off',
  void: 'void',
} as const;
export type InvoiceStatus = (typeof InvoiceStatus)[keyof typeof InvoiceStatus];
export const invoiceStatuses: readonly InvoiceStatus[] = Object.values(InvoiceStatus);

export interface InvoiceStatusFacts {
  readonly amount: bigint;
  readonly open: bigint;
  readonly voided: boolean;
  /** Total written off (net of reversals). */
  readonly writtenOff: bigint;
  readonly hasOpenDispute: boolean;
  /** Not yet issued (no journal transaction). Cashlens issues on creation, so this is for imports of drafts. */
  readonly draft?: boolean;
}

export function invoiceStatus(facts: InvoiceStatusFacts): InvoiceStatus {
  if (facts.draft) return InvoiceStatus.draft;
  if (facts.voided) return InvoiceStatus.void;
  if (facts.hasOpenDispute && facts.open > 0n) return InvoiceStatus.disputed;
  if (facts.open === 0n) return facts.writtenOff > 0n ? InvoiceStatus.writtenOff : InvoiceStatus.paid;
  return facts.open === facts.amount ? InvoiceStatus.open : InvoiceStatus.partiallyPaid;
}
