/**
 * The demo company's invoices, payments and disputes as ledger batch commands, in the order
 * they happened (by date; on one day: issue, then dispute, then resolution, then payment), so
 * the seed goes through the same planners as everything else.
 */
import type { BatchCommand } from '../ledger/ledger-api.ts';
import type { DemoCompany } from './demo-company.ts';
import { addDays } from '../../shared/time/dates.ts';

/** Disputes the generator resolves within this many days of "today" are left open, so finance's queue has work in it. */
const RECENT_DISPUTE_DAYS = 45;

export function demoLedgerCommands(company: DemoCompany): BatchCommand[] {
  const dated: { date: string; order: number; command: BatchCommand }[] = [];
  for (const invoice of company.invoices) {
    dated.push({ date: invoice.issueDate, order: 0, command: { kind: 'issueInvoice', input: { customerRef: invoice.customerRef, number: invoice.number, issueDate: invoice.issueDate, dueDate: invoice.dueDate, currency: invoice.currency, lines: invoice.lines } } });
  }
  const recent = addDays(company.asOf, -RECENT_DISPUTE_DAYS);
  for (const dispute of company.disputes) {
    dated.push({ date: dispute.openedOn, order: 1, command: { kind: 'openDispute', input: { invoiceNumber: dispute.invoiceNumber, reason: dispute.reason, note: dispute.note, openedOn: dispute.openedOn } } });
    const resolution = dispute.resolution;
    if (resolution && resolution.on < recent) {
      dated.push({
        date: resolution.on,
        order: 2,
        command: { kind: 'resolveDisputeOfInvoice', invoiceNumber: dispute.invoiceNumber, input: { outcome: resolution.outcome, note: resolution.note, resolvedOn: resolution.on, ...(resolution.creditAmount ? { creditAmount: resolution.creditAmount } : {}) } },
      });
    }
  }
  for (const payment of company.payments) {
    dated.push({ date: payment.date, order: 3, command: { kind: 'receivePayment', input: { customerRef: payment.customerRef, date: payment.date, amount: payment.amount, currency: payment.currency, reference: payment.reference, allocations: payment.allocations } } });
  }
  dated.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.order - b.order));
  return dated.map((item) => item.command);
}
