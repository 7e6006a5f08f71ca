/** Shared helpers of the import tests: customers to import against, and CSV text builders. */
import type { FastifyInstance } from 'fastify';

export const HEADER = 'customer_ref,customer_name,invoice_number,issue_date,due_date,amount,currency,paid_date,disputed';

/** Customers to import against, created through the API like a user would (POST /customers). */
export async function addCustomers(app: FastifyInstance, cookie: string, refs: readonly string[], currency = 'USD'): Promise<void> {
  for (const ref of refs) {
    const response = await app.inject({ method: 'POST', url: '/api/v1/customers', headers: { cookie }, payload: { ref, name: `Customer ${ref}`, currency } });
    if (response.statusCode !== 201) throw new Error(`creating customer ${ref}: ${response.statusCode} ${response.body}`);
  }
}

/** `count` valid open invoices `${prefix}-1…` of customer C-1. */
export function invoiceRows(prefix: string, count: number): string {
  let text = '';
  for (let i = 1; i <= count; i++) text += `C-1,,${prefix}-${i},2026-01-05,2026-02-04,${i}.25,USD,,\n`;
  return text;
}
