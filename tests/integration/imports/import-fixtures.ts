/** Shared helpers of the import tests: customers to import against, and CSV text builders. */
import type { FastifyInstance } from 'fastify';

export const HEADER = 'customer_ref,customer_name,invoice_number,issue_date,due_date,amount,currency,paid_date,disputed';

/**
 * The ledger has no customer-create command yet (see the import report), so the tests put their
 * customers in the foundation's `customers` table directly, as the demo seed does.
 */
export async function addCustomers(app: FastifyInstance, refs: readonly string[], currency = 'USD'): Promise<void> {
  await app.db
    .insertInto('customers')
    .values(refs.map((ref) => ({ ref, name: `Customer ${ref}`, currency, credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: '[]' })))
    .execute();
}

/** `count` valid open invoices `${prefix}-1…` of customer C-1. */
export function invoiceRows(prefix: string, count: number): string {
  let text = '';
  for (let i = 1; i <= count; i++) text += `C-1,,${prefix}-${i},2026-01-05,2026-02-04,${i}.25,USD,,\n`;
  return text;
}
