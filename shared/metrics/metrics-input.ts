/**
 * What the metrics of DESIGN §4 are computed from: plain data, one currency, no I/O. The server
 * loads it from the ledger; tests write it by hand. Amounts are integer minor units (number is
 * safe here: < 2^53); day figures may be floats.
 */
export interface MetricsInvoice {
  readonly number: string;
  readonly customerRef: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly amount: number;
  /** Everything that reduced the open amount (payments applied, credit notes, write-offs), by date. */
  readonly settlements: readonly { readonly date: string; readonly amount: number }[];
  readonly disputes: readonly { readonly openedOn: string; readonly resolvedOn: string | null }[];
}

export interface MetricsInput {
  readonly currency: string;
  readonly invoices: readonly MetricsInvoice[];
}

export type AgingBucket = 'current' | '1-30' | '31-60' | '61-90' | '91+';

/** The body of `GET /api/v1/metrics` (DESIGN §4). */
export interface MetricsReport {
  readonly asOf: string;
  readonly currency: string;
  readonly ar: number;
  readonly current: number;
  readonly aging: Readonly<Record<AgingBucket, number>>;
  readonly dso: number;
  readonly bpdso: number;
  readonly add: number;
  readonly cei: number;
  readonly clean: { readonly ar: number; readonly dso: number; readonly bpdso: number; readonly add: number };
  readonly disputedBalance: number;
  readonly meanDisputeResolutionDays: number | null;
}

export interface PayerBehaviour {
  readonly customerRef: string;
  readonly weightedDaysLate: number;
  readonly settledInvoices: number;
  readonly settledAmount: number;
}
