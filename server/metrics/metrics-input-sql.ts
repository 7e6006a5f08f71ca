/**
 * Loads the plain `MetricsInput` of shared/metrics from the ledger: per invoice its amount,
 * settlements (every AR posting after issuance, negated: payments, credits, write-offs, and
 * their reversals as negative settlements) and disputes. For tests and small exports; the
 * API uses the aggregate SQL in metrics-sql.ts.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { MetricsInput, MetricsInvoice } from '../../shared/metrics/index.ts';

export async function loadMetricsInput(db: Kysely<DB>, currency: string): Promise<MetricsInput> {
  const invoices = await db.selectFrom('invoices as i').innerJoin('customers as c', 'c.id', 'i.customer_id').select(['i.id', 'i.number', 'c.ref', 'i.issue_date', 'i.due_date', 'i.amount', 'i.issue_transaction_id', 'i.voided']).where('i.currency', '=', currency).execute();
  const entries = await db.selectFrom('journal_entries').select(['invoice_id', 'transaction_id', 'entry_date', 'amount']).where('account', '=', 'ar').where('currency', '=', currency).orderBy('id').execute();
  const disputes = await db.selectFrom('disputes').select(['invoice_id', 'opened_on', 'resolved_on']).execute();
  const byId = new Map<string, { invoice: MetricsInvoice; settlements: { date: string; amount: number }[]; disputes: { openedOn: string; resolvedOn: string | null }[]; issueTx: string }>();
  for (const row of invoices) {
    const settlements: { date: string; amount: number }[] = [];
    const invoiceDisputes: { openedOn: string; resolvedOn: string | null }[] = [];
    byId.set(row.id, { invoice: { number: row.number, customerRef: row.ref, issueDate: row.issue_date, dueDate: row.due_date, amount: Number(row.amount), settlements, disputes: invoiceDisputes, ...(row.voided ? { voided: true } : {}) }, settlements, disputes: invoiceDisputes, issueTx: row.issue_transaction_id });
  }
  for (const entry of entries) {
    const item = byId.get(entry.invoice_id!);
    if (!item || entry.transaction_id === item.issueTx) continue;
    item.settlements.push({ date: entry.entry_date, amount: -Number(entry.amount) });
  }
  for (const dispute of disputes) byId.get(dispute.invoice_id)?.disputes.push({ openedOn: dispute.opened_on, resolvedOn: dispute.resolved_on });
  return { currency, invoices: [...byId.values()].map((item) => item.invoice) };
}
