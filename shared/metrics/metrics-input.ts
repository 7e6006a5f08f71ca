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
  /**
   * Voided (its issue reversed): its void is no payment, so it says nothing about how its
   * customer pays. Its sale and AR postings stay: it was on the books until the void's date.
   */
  readonly voided?: boolean;
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

/**
 * The figures every metric is derived from. Small (a few numbers per month), so the server can
 * produce them with aggregate SQL over millions of invoices, and `aggregate(input, asOf)` can
 * produce them from plain per-invoice data; `metricsFromAggregates` is the one definition of
 * the metrics themselves, used by both.
 */
export interface ArSnapshot {
  /** Open amount at the as-of date D (end of day). */
  readonly ar: number;
  /** Open and due on or after D. */
  readonly currentAr: number;
  readonly aging: Readonly<Record<AgingBucket, number>>;
  /** Open amount at the end of the month before D's month. */
  readonly arAtPreviousMonthEnd: number;
  /** Credit sales (invoice amounts by issue month, issued on or before D), D's month first, then each earlier calendar month, zero months included, back to the earliest invoice. */
  readonly monthlySales: readonly { readonly month: string; readonly sales: number }[];
}

export interface MetricsAggregates {
  readonly asOf: string;
  readonly currency: string;
  readonly gross: ArSnapshot;
  /**
   * The same figures without the invoices that have an open dispute at D (openedOn ≤ D and
   * resolvedOn null or > D). Its `monthlySales` are the gross monthly sales (a disputed invoice
   * was still billed); `metricsFromAggregates` reads `gross.monthlySales` for the clean countback
   * and does not read `clean.monthlySales` or `clean.arAtPreviousMonthEnd`.
   */
  readonly clean: ArSnapshot;
  /** Σ open amount at D of the invoices with an open dispute at D (= gross.ar − clean.ar). */
  readonly disputedBalance: number;
  /** Over disputes resolved on or before D: how many, and Σ (resolvedOn − openedOn) in days. */
  readonly resolvedDisputes: { readonly count: number; readonly totalDays: number };
}

/**
 * Per-customer sums behind `PayerBehaviour`, over invoices fully settled on or before D; the
 * server can produce them with one GROUP BY and rank them with `payersFromAggregates`.
 */
export interface PayerAggregate {
  readonly customerRef: string;
  /** Σ invoice amount × max(0, settled date − due date) in days. */
  readonly amountWeightedDaysLate: number;
  readonly settledInvoices: number;
  /** Σ invoice amount (minor units). */
  readonly settledAmount: number;
}
