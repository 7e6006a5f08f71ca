/**
 * What planners need to know about existing records: plain readonly snapshots the server loads
 * (locked) from SQL, and tests write by hand. Amounts are bigint minor units.
 */
export interface CustomerState {
  readonly id: string;
  readonly ref: string;
  readonly currency: string;
  readonly paymentTermsDays: number;
}

export interface InvoiceState {
  readonly id: string;
  readonly number: string;
  readonly customerId: string;
  readonly currency: string;
  readonly issueDate: string;
  readonly dueDate: string;
  /** Total including tax. */
  readonly amount: bigint;
  /** Σ AR postings of this invoice: amount − payments − credits − write-offs (+ reversals of those). */
  readonly open: bigint;
  readonly voided: boolean;
}

export interface PaymentState {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly date: string;
  readonly amount: bigint;
  /** Cash of this payment not applied to any invoice (Σ of its unapplied-cash postings, negated). */
  readonly unapplied: bigint;
  readonly reversed: boolean;
}

/** Amount per invoice id, for applications of cash. */
export interface Allocation {
  readonly invoiceId: string;
  readonly amount: bigint;
}
