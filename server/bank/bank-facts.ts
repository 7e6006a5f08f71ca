/**
 * Read-only queries that gather what shared/bank/match-payment.ts decides on: invoices named in
 * remittances, the payer's remembered identity, open invoices per customer or per amount.
 * Reads the ledger's tables, never writes them; payments go through `app.ledger`.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { normalizeIban, normalizeInvoiceToken, normalizeName, type OpenInvoiceFact } from '../../shared/bank/match-payment.ts';

function invoiceQuery(db: Kysely<DB>) {
  return db
    .selectFrom('invoices')
    .innerJoin('customers', 'customers.id', 'invoices.customer_id')
    .select(['invoices.number', 'invoices.customer_id', 'customers.ref', 'invoices.currency', 'invoices.due_date', 'invoices.open_amount'])
    .where('invoices.voided', '=', false);
}

type InvoiceRow = { number: string; customer_id: string; ref: string; currency: string; due_date: string; open_amount: bigint };
const toFact = (row: InvoiceRow): OpenInvoiceFact => ({ number: row.number, customerId: row.customer_id, customerRef: row.ref, currency: row.currency.trim(), dueDate: row.due_date, openAmount: BigInt(row.open_amount) });

/** Invoices whose number is one of `tokens` (exact or upper-cased), keyed by upper-cased number. */
export async function findReferencedInvoices(db: Kysely<DB>, tokens: readonly string[]): Promise<Map<string, OpenInvoiceFact>> {
  const found = new Map<string, OpenInvoiceFact>();
  const candidates = [...new Set(tokens.flatMap((token) => [token, normalizeInvoiceToken(token)]))];
  for (let i = 0; i < candidates.length; i += 1000) {
    const rows = await invoiceQuery(db).where('invoices.number', 'in', candidates.slice(i, i + 1000)).execute();
    for (const row of rows) found.set(normalizeInvoiceToken(row.number), toFact(row));
  }
  return found;
}

export async function openInvoicesOfCustomer(db: Kysely<DB>, customerId: string): Promise<OpenInvoiceFact[]> {
  return (await invoiceQuery(db).where('invoices.customer_id', '=', customerId).where('invoices.open_amount', '>', 0n).orderBy('invoices.due_date').execute()).map(toFact);
}

export async function openInvoicesWithAmount(db: Kysely<DB>, amount: bigint, currency: string): Promise<OpenInvoiceFact[]> {
  return (await invoiceQuery(db).where('invoices.open_amount', '=', amount).where('invoices.currency', '=', currency).orderBy('invoices.due_date').limit(10).execute()).map(toFact);
}

export interface PayerDirectory {
  find(debtorIban: string | undefined, debtorName: string | undefined): { customerId: string; customerRef: string; via: string } | undefined;
}

/** Remembered IBANs and names, then exact customer names; loaded once per import. */
export async function loadPayerDirectory(db: Kysely<DB>): Promise<PayerDirectory> {
  const customers = await db.selectFrom('customers').select(['id', 'ref', 'name']).execute();
  const refById = new Map(customers.map((c) => [c.id, c.ref]));
  const identities = await db.selectFrom('bank_debtor_identities').select(['kind', 'value', 'customer_id']).execute();
  const byIban = new Map(identities.filter((i) => i.kind === 'iban').map((i) => [i.value, i.customer_id]));
  const byName = new Map(identities.filter((i) => i.kind === 'name').map((i) => [i.value, i.customer_id]));
  // A name two customers share identifies neither.
  const byCustomerName = new Map<string, string | null>();
  for (const c of customers) {
    const key = normalizeName(c.name);
    byCustomerName.set(key, byCustomerName.has(key) ? null : c.id);
  }
  return {
    find(debtorIban, debtorName) {
      const hit = (customerId: string | null | undefined, via: string) => (customerId && refById.has(customerId) ? { customerId, customerRef: refById.get(customerId)!, via } : undefined);
      const name = debtorName ? normalizeName(debtorName) : undefined;
      return (
        (debtorIban ? hit(byIban.get(normalizeIban(debtorIban)), `IBAN ${normalizeIban(debtorIban)}`) : undefined) ??
        (name ? hit(byName.get(name), `confirmed name "${debtorName}"`) : undefined) ??
        (name ? hit(byCustomerName.get(name), `customer name "${debtorName}"`) : undefined)
      );
    },
  };
}

/** After finance confirms a line for a customer, later payments from that IBAN and name match it. */
export async function rememberPayer(db: Kysely<DB>, customerId: string, debtorIban: string | null, debtorName: string | null, confirmedBy: string): Promise<void> {
  const values = [
    ...(debtorIban ? [{ kind: 'iban', value: normalizeIban(debtorIban) }] : []),
    ...(debtorName && normalizeName(debtorName) ? [{ kind: 'name', value: normalizeName(debtorName) }] : []),
  ];
  if (values.length === 0) return;
  await db
    .insertInto('bank_debtor_identities')
    .values(values.map((v) => ({ ...v, customer_id: customerId, confirmed_by: confirmedBy })))
    .onConflict((oc) => oc.columns(['kind', 'value']).doUpdateSet((eb) => ({ customer_id: eb.ref('excluded.customer_id'), confirmed_by: eb.ref('excluded.confirmed_by') })))
    .execute();
}
