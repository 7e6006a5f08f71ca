/**
 * Typed calls to the ledger REST API (DESIGN §3–4). Amounts are integer minor units; dates are
 * 'YYYY-MM-DD'. List endpoints may answer with an array or `{items}`; `listOf` accepts both.
 */
import { api } from './http.ts';
import type { DisputeOutcome } from '../../shared/disputes/dispute.ts';
import type { InvoiceStatus } from '../../shared/ledger/invoice-status.ts';
import type { MetricsReport } from '../../shared/metrics/metrics-input.ts';

export { agingBuckets } from '../../shared/metrics/aging.ts';
export type { AgingBucket } from '../../shared/metrics/metrics-input.ts';
export type { DisputeOutcome, InvoiceStatus };
/** The body of GET /metrics, defined once in shared/metrics. */
export type Metrics = MetricsReport;

export interface CustomerSummary {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  readonly currency: string;
  readonly salesOwnerName: string | null;
  readonly openBalance: number;
}

export interface InvoiceSummary {
  readonly id: string;
  readonly number: string;
  readonly customerRef: string;
  readonly currency: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly amount: number;
  readonly openAmount: number;
  readonly status: InvoiceStatus;
  readonly openDisputeId: string | null;
}

export interface DisputeSummary {
  readonly id: string;
  readonly invoiceNumber: string;
  readonly customerId: string;
  readonly customerName?: string;
  readonly customerRef?: string;
  readonly reason: string;
  readonly note: string;
  readonly status: 'open' | 'resolved';
  readonly openedOn: string;
  readonly openedBy: string;
  readonly amount?: number;
  readonly openAmount?: number;
  readonly currency?: string;
  readonly resolution: { readonly outcome: DisputeOutcome; readonly creditAmount: number | null; readonly note: string; readonly resolvedOn: string } | null;
}


export interface PayerRow {
  readonly customerRef: string;
  readonly customerName?: string;
  readonly weightedDaysLate: number;
}

export function listOf<T>(payload: readonly T[] | { readonly items: readonly T[] }): readonly T[] {
  return Array.isArray(payload) ? payload : (payload as { readonly items: readonly T[] }).items;
}

export const ledgerApi = {
  customers: () => api<CustomerSummary[]>('/customers'),
  invoicesOf: async (customerRef: string) => listOf(await api<InvoiceSummary[] | { items: InvoiceSummary[] }>(`/invoices?customer=${encodeURIComponent(customerRef)}`)),
  openDisputes: async () => listOf(await api<DisputeSummary[] | { items: DisputeSummary[] }>('/disputes?status=open')),
  resolveDispute: (id: string, body: { outcome: DisputeOutcome; creditAmount?: number; note: string }) =>
    api<DisputeSummary>(`/disputes/${encodeURIComponent(id)}/resolve`, { body, headers: { 'idempotency-key': `resolve-${id}-${body.outcome}` } }),
  metrics: (asOf: string, currency: string) => api<Metrics>(`/metrics?asOf=${asOf}&currency=${encodeURIComponent(currency)}`),
  payers: async (asOf: string, limit = 8) => listOf(await api<PayerRow[] | { items: PayerRow[] }>(`/metrics/payers?asOf=${asOf}&limit=${limit}`)),
};
