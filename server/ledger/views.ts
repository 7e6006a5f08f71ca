/** In-memory ledger records → the API's views (numbers in minor units, derived status). */
import { invoiceStatus } from '../../shared/ledger/invoice-status.ts';
import type { Allocation } from '../../shared/ledger/ledger-state.ts';
import type { DisputeOutcome, DisputeReason, DisputeView, InvoiceView, PaymentView } from './ledger-api.ts';
import type { DisputeRecord, InvoiceRecord, PaymentRecord, WorkingSet } from './working-set.ts';

export function invoiceView(ws: WorkingSet, invoice: InvoiceRecord): InvoiceView {
  const openDispute = ws.openDisputeByInvoiceId.get(invoice.id);
  return {
    id: invoice.id,
    number: invoice.number,
    customerId: invoice.customerId,
    customerRef: invoice.customerRef,
    currency: invoice.currency,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    amount: Number(invoice.amount),
    openAmount: Number(invoice.open),
    status: invoiceStatus({ amount: invoice.amount, open: invoice.open, voided: invoice.voided, writtenOff: invoice.writtenOff, hasOpenDispute: openDispute !== undefined }),
    openDisputeId: openDispute?.id ?? null,
  };
}

export function disputeView(ws: WorkingSet, dispute: DisputeRecord): DisputeView {
  return {
    id: dispute.id,
    invoiceNumber: ws.invoicesById.get(dispute.invoiceId)?.number ?? '',
    customerId: dispute.customerId,
    reason: dispute.reason as DisputeReason,
    note: dispute.note,
    status: dispute.status,
    openedOn: dispute.openedOn,
    openedBy: dispute.openedBy,
    resolution:
      dispute.status === 'resolved'
        ? { outcome: dispute.outcome as DisputeOutcome, creditAmount: dispute.creditAmount === null ? null : Number(dispute.creditAmount), note: dispute.resolutionNote ?? '', resolvedOn: dispute.resolvedOn ?? '', resolvedBy: dispute.resolvedBy ?? '' }
        : null,
  };
}

export function paymentView(ws: WorkingSet, payment: PaymentRecord, allocations: readonly Allocation[]): PaymentView {
  return {
    id: payment.id,
    customerId: payment.customerId,
    date: payment.date,
    amount: Number(payment.amount),
    currency: payment.currency,
    unapplied: Number(payment.unapplied),
    allocations: allocations.map((allocation) => ({ invoiceNumber: ws.invoicesById.get(allocation.invoiceId)?.number ?? '', amount: Number(allocation.amount) })),
  };
}
