/**
 * Each ledger command as a synchronous step over a loaded WorkingSet: run the pure planner,
 * and only when it succeeds queue the rows, move the cached balances and queue the events.
 * A failing command returns its DomainError and has changed nothing, which is what lets a
 * batch skip a bad item without half-writing it. Loading (and locking) happens before, in
 * ledger-loading.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { planInvoice } from '../../shared/ledger/plan-invoice.ts';
import { planPayment } from '../../shared/ledger/plan-payment.ts';
import { planApplyCash, planRefund, planUnapplyCash } from '../../shared/ledger/plan-cash-application.ts';
import { planCreditNote, planWriteOff } from '../../shared/ledger/plan-invoice-reduction.ts';
import { checkComment, checkOpen, resolve } from '../../shared/disputes/dispute.ts';
import type { ApplyCashInput, CommentView, DisputeView, InvoiceReductionInput, InvoiceView, IssueInvoiceInput, OpenDisputeInput, PaymentView, PostedView, ReceivePaymentInput, RefundInput, ResolveDisputeInput, UnapplyCashInput } from './ledger-api.ts';
import { disputeView, invoiceView, paymentView } from './views.ts';
import type { DisputeRecord, InvoiceRecord, WorkingSet } from './working-set.ts';

const notFound = (what: string, field: string) => fail(ErrorCode.notFound, `No ${what}`, field);

export function invoiceContentHash(input: IssueInvoiceInput, dueDate: string, currency: string): string {
  const lines = input.lines.map((line) => [line.description, line.quantity, line.unitPrice, line.tax ?? 0]);
  return createHash('sha256').update(JSON.stringify([input.customerRef, input.number, input.issueDate, dueDate, currency, lines])).digest('hex').slice(0, 32);
}

export function issueInvoice(ws: WorkingSet, input: IssueInvoiceInput): Result<InvoiceView> {
  const customer = ws.customersByRef.get(input.customerRef);
  if (!customer) return notFound(`customer ${input.customerRef}`, 'customerRef');
  const invoiceId = randomUUID();
  const plan = planInvoice(customer, { ...input, invoiceId });
  if (!plan.ok) return plan;
  const hash = invoiceContentHash(input, plan.value.dueDate, plan.value.currency);
  const existing = ws.invoicesByNumber.get(input.number);
  if (existing) {
    // Re-issuing the same invoice (an import run twice) is a no-op; anything else is a clash.
    if (existing.contentHash === hash) return ok(invoiceView(ws, existing));
    return fail(ErrorCode.conflict, `Invoice ${input.number} already exists with other content`, 'number');
  }
  const transactionId = randomUUID();
  const record: InvoiceRecord = {
    id: invoiceId, number: input.number, customerId: customer.id, customerRef: customer.ref, currency: plan.value.currency, issueDate: plan.value.issueDate, dueDate: plan.value.dueDate,
    net: plan.value.net, tax: plan.value.tax, amount: plan.value.amount, open: 0n, writtenOff: 0n, voided: false, issueTransactionId: transactionId, contentHash: hash,
  };
  ws.addNewInvoice(record);
  ws.insert('invoices', {
    id: invoiceId, number: record.number, customer_id: customer.id, currency: record.currency, issue_date: record.issueDate, due_date: record.dueDate,
    net: record.net, tax: record.tax, amount: record.amount, open_amount: 0n, issue_transaction_id: transactionId, content_hash: hash,
  });
  plan.value.lines.forEach((line, position) => ws.insert('invoice_lines', { invoice_id: invoiceId, position, description: line.description, quantity: line.quantity, unit_price: line.unitPrice, tax: line.tax, amount: line.amount }));
  ws.post(transactionId, plan.value.transaction);
  ws.audit('issueInvoice', { type: 'invoice', id: invoiceId, customerId: customer.id, invoiceId }, { number: record.number, amount: record.amount, transactionId });
  ws.emit('invoice.created', { invoiceId, invoiceNumber: record.number, customerId: customer.id });
  return ok(invoiceView(ws, record));
}

export function receivePayment(ws: WorkingSet, input: ReceivePaymentInput): Result<PaymentView> {
  const customer = ws.customersByRef.get(input.customerRef);
  if (!customer) return notFound(`customer ${input.customerRef}`, 'customerRef');
  const paymentId = randomUUID();
  const invoices = input.allocations ? input.allocations.flatMap((allocation) => ws.invoicesByNumber.get(allocation.invoiceNumber) ?? []) : ws.openInvoicesOf(customer.id);
  const plan = planPayment(customer, { ...input, paymentId }, invoices);
  if (!plan.ok) return plan;
  const transactionId = randomUUID();
  const record = { id: paymentId, customerId: customer.id, currency: plan.value.transaction.currency, date: plan.value.transaction.date, amount: plan.value.amount, unapplied: 0n, reversed: false, reference: input.reference ?? null, transactionId };
  ws.addNewPayment(record);
  ws.insert('payments', { id: paymentId, customer_id: customer.id, currency: record.currency, payment_date: record.date, amount: record.amount, unapplied: 0n, reference: record.reference, transaction_id: transactionId });
  ws.post(transactionId, plan.value.transaction);
  const invoiceNumbers = plan.value.allocations.map((allocation) => ws.invoicesById.get(allocation.invoiceId)!.number);
  ws.audit('receivePayment', { type: 'payment', id: paymentId, customerId: customer.id }, { amount: record.amount, invoiceNumbers, unapplied: plan.value.unapplied, transactionId });
  ws.emit('payment.received', { paymentId, customerId: customer.id, invoiceNumbers });
  return ok(paymentView(ws, record, plan.value.allocations));
}

export function applyCash(ws: WorkingSet, input: ApplyCashInput & { date: string }): Result<PaymentView> {
  const payment = ws.paymentsById.get(input.paymentId);
  if (!payment) return notFound(`payment ${input.paymentId}`, 'paymentId');
  const invoices = input.allocations ? input.allocations.flatMap((allocation) => ws.invoicesByNumber.get(allocation.invoiceNumber) ?? []) : ws.openInvoicesOf(payment.customerId);
  const plan = planApplyCash(payment, input, invoices);
  if (!plan.ok) return plan;
  const transactionId = randomUUID();
  ws.post(transactionId, plan.value.transaction);
  const invoiceNumbers = plan.value.allocations.map((allocation) => ws.invoicesById.get(allocation.invoiceId)!.number);
  ws.audit('applyCash', { type: 'payment', id: payment.id, customerId: payment.customerId }, { invoiceNumbers, transactionId });
  ws.emit('payment.received', { paymentId: payment.id, customerId: payment.customerId, invoiceNumbers });
  return ok(paymentView(ws, payment, plan.value.allocations));
}

export function unapplyCash(ws: WorkingSet, input: UnapplyCashInput & { date: string }, appliedToInvoice: bigint): Result<PaymentView> {
  const payment = ws.paymentsById.get(input.paymentId);
  if (!payment) return notFound(`payment ${input.paymentId}`, 'paymentId');
  const invoice = ws.invoicesByNumber.get(input.invoiceNumber);
  if (!invoice || invoice.customerId !== payment.customerId) return notFound(`invoice ${input.invoiceNumber} of this payment's customer`, 'invoiceNumber');
  const plan = planUnapplyCash(payment, invoice, appliedToInvoice, input);
  if (!plan.ok) return plan;
  const transactionId = randomUUID();
  ws.post(transactionId, plan.value.transaction);
  ws.audit('unapplyCash', { type: 'payment', id: payment.id, customerId: payment.customerId, invoiceId: invoice.id }, { invoiceNumber: invoice.number, amount: input.amount, transactionId });
  return ok(paymentView(ws, payment, plan.value.allocations));
}

export function reduceInvoice(ws: WorkingSet, kind: 'creditNote' | 'writeOff', input: InvoiceReductionInput & { date: string }, disputeId: string | null = null): Result<PostedView> {
  const invoice = ws.invoicesByNumber.get(input.invoiceNumber);
  if (!invoice) return notFound(`invoice ${input.invoiceNumber}`, 'invoiceNumber');
  const plan = kind === 'creditNote' ? planCreditNote(invoice, { date: input.date, amount: input.amount ?? -1 }) : planWriteOff(invoice, input);
  if (!plan.ok) return plan;
  const id = randomUUID();
  const transactionId = randomUUID();
  const common = { id, invoice_id: invoice.id, customer_id: invoice.customerId, currency: invoice.currency, amount: plan.value.amount, reason: input.reason, transaction_id: transactionId };
  if (kind === 'creditNote') ws.insert('credit_notes', { ...common, note_date: input.date, dispute_id: disputeId });
  else {
    ws.insert('write_offs', { ...common, write_off_date: input.date });
    invoice.writtenOff += plan.value.amount;
  }
  ws.post(transactionId, plan.value.transaction);
  ws.audit(kind, { type: kind === 'creditNote' ? 'credit_note' : 'write_off', id, customerId: invoice.customerId, invoiceId: invoice.id }, { amount: plan.value.amount, reason: input.reason, transactionId });
  return ok({ id, transactionId, kind: plan.value.transaction.kind, customerId: invoice.customerId, date: input.date, amount: Number(plan.value.amount), invoices: [invoiceView(ws, invoice)] });
}

export function refund(ws: WorkingSet, input: RefundInput & { date: string }): Result<PostedView> {
  const payment = ws.paymentsById.get(input.paymentId);
  if (!payment) return notFound(`payment ${input.paymentId}`, 'paymentId');
  const plan = planRefund(payment, input);
  if (!plan.ok) return plan;
  const id = randomUUID();
  const transactionId = randomUUID();
  ws.insert('refunds', { id, payment_id: payment.id, customer_id: payment.customerId, currency: payment.currency, refund_date: input.date, amount: plan.value.amount, transaction_id: transactionId });
  ws.post(transactionId, plan.value.transaction);
  ws.audit('refund', { type: 'refund', id, customerId: payment.customerId }, { paymentId: payment.id, amount: plan.value.amount, transactionId });
  return ok({ id, transactionId, kind: 'refund', customerId: payment.customerId, date: input.date, amount: Number(plan.value.amount), invoices: [] });
}

export function openDispute(ws: WorkingSet, input: OpenDisputeInput & { openedOn: string }): Result<DisputeView> {
  const invoice = ws.invoicesByNumber.get(input.invoiceNumber);
  if (!invoice) return notFound(`invoice ${input.invoiceNumber}`, 'invoiceNumber');
  const existing = ws.openDisputeByInvoiceId.get(invoice.id);
  if (existing) return ok(disputeView(ws, existing));
  const checked = checkOpen(input, invoice);
  if (!checked.ok) return checked;
  const record: DisputeRecord = {
    id: randomUUID(), invoiceId: invoice.id, customerId: invoice.customerId, reason: checked.value.reason, note: checked.value.note, status: 'open', openedOn: checked.value.openedOn, openedBy: ws.actor,
    outcome: null, creditAmount: null, resolutionNote: null, resolvedOn: null, resolvedBy: null, creditNoteId: null,
  };
  ws.addNewDispute(record);
  ws.insert('disputes', { id: record.id, invoice_id: invoice.id, customer_id: invoice.customerId, reason: record.reason, note: record.note, status: 'open', opened_on: record.openedOn, opened_by: record.openedBy });
  ws.audit('openDispute', { type: 'dispute', id: record.id, customerId: invoice.customerId, invoiceId: invoice.id }, { reason: record.reason });
  ws.emit('dispute.opened', { disputeId: record.id, invoiceNumber: invoice.number, customerId: invoice.customerId, reason: record.reason, note: record.note, openedBy: record.openedBy });
  return ok(disputeView(ws, record));
}

export function resolveDispute(ws: WorkingSet, dispute: DisputeRecord, input: ResolveDisputeInput & { resolvedOn: string }): Result<DisputeView> {
  const invoice = ws.invoicesById.get(dispute.invoiceId)!;
  const resolution = resolve(dispute, input, invoice.open);
  if (!resolution.ok) return resolution;
  let creditNoteId: string | null = null;
  if (resolution.value.creditAmount !== null) {
    const credit = reduceInvoice(ws, 'creditNote', { invoiceNumber: invoice.number, amount: Number(resolution.value.creditAmount), reason: `Dispute resolved: ${input.note}`.slice(0, 500), date: resolution.value.resolvedOn }, dispute.id);
    // resolve() already checked 0 < credit ≤ open and the dates, so the credit note cannot fail here.
    if (!credit.ok) return credit;
    creditNoteId = credit.value.id;
  }
  Object.assign(dispute, { status: 'resolved', outcome: resolution.value.outcome, creditAmount: resolution.value.creditAmount, resolutionNote: resolution.value.note, resolvedOn: resolution.value.resolvedOn, resolvedBy: ws.actor, creditNoteId });
  ws.resolveDisputeRecord(dispute);
  ws.audit('resolveDispute', { type: 'dispute', id: dispute.id, customerId: dispute.customerId, invoiceId: invoice.id }, { outcome: resolution.value.outcome, creditAmount: resolution.value.creditAmount });
  ws.emit('dispute.resolved', {
    disputeId: dispute.id, invoiceNumber: invoice.number, customerId: dispute.customerId, outcome: resolution.value.outcome,
    creditAmount: resolution.value.creditAmount === null ? null : Number(resolution.value.creditAmount), note: resolution.value.note, resolvedBy: ws.actor, resolvedAt: resolution.value.resolvedOn,
  });
  return ok(disputeView(ws, dispute));
}

export function commentDispute(ws: WorkingSet, dispute: DisputeRecord, body: string, now: Date): Result<CommentView> {
  const checked = checkComment(body);
  if (!checked.ok) return checked;
  const id = randomUUID();
  ws.insert('dispute_comments', { id, dispute_id: dispute.id, author: ws.actor, body: checked.value, created_at: now });
  ws.audit('commentDispute', { type: 'dispute', id: dispute.id, customerId: dispute.customerId, invoiceId: dispute.invoiceId });
  return ok({ id, disputeId: dispute.id, author: ws.actor, body: checked.value, createdAt: now.toISOString() });
}
