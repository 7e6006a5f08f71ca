/** Terse hand-written invoices for the metrics tests: only what a test cares about is spelled out. */
import type { MetricsInput, MetricsInvoice } from '../../../../shared/metrics/index.ts';

type Settlement = MetricsInvoice['settlements'][number];
type Dispute = MetricsInvoice['disputes'][number];

let counter = 0;

export function invoice(fields: {
  readonly issued: string;
  readonly due: string;
  readonly amount: number;
  readonly customer?: string;
  readonly number?: string;
  readonly paid?: readonly Settlement[];
  readonly disputes?: readonly Dispute[];
  readonly voided?: boolean;
}): MetricsInvoice {
  counter += 1;
  return {
    number: fields.number ?? `INV-${counter}`,
    customerRef: fields.customer ?? 'C1',
    issueDate: fields.issued,
    dueDate: fields.due,
    amount: fields.amount,
    settlements: fields.paid ?? [],
    disputes: fields.disputes ?? [],
    ...(fields.voided ? { voided: true } : {}),
  };
}

export const usd = (...invoices: MetricsInvoice[]): MetricsInput => ({ currency: 'USD', invoices });
