/**
 * CSV exports, streamed page by page (keyset pagination) so a million invoices never sit in
 * memory: invoices in the canonical import CSV (DESIGN §5, so export → import round-trips),
 * customers, the journal, and a customer statement. Read-only over the ledger's tables.
 * Amounts are written in decimal major units, exactly (formatMajorUnits).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { formatMajorUnits } from '../../shared/money/money.ts';
import { isCurrency } from '../../shared/money/currency.ts';
import { invoiceColumns } from '../../shared/imports/invoice-columns.ts';
import { csvLine } from './csv-writer.ts';

const PAGE = 5000;

export function major(amount: bigint | number | string, currency: string): string {
  const code = currency.trim();
  return isCurrency(code) ? formatMajorUnits({ amount: BigInt(amount), currency: code }) : String(amount);
}

/**
 * The canonical invoice CSV. `paid_date`: when an invoice received its last credit, if any;
 * `paid_amount`: amount − open amount (payments, credit notes and write-offs alike: the importer
 * posts it as one payment on paid_date, so the open balance round-trips); `disputed`: an open
 * dispute, or a settled invoice that had one (the importer opens it on the issue date and
 * resolves it on paid_date).
 */
export async function* invoicesCsv(db: Kysely<DB>): AsyncGenerator<string> {
  yield csvLine(invoiceColumns);
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('invoices as i')
      .innerJoin('customers as c', 'c.id', 'i.customer_id')
      .select(['c.ref', 'c.name', 'i.number', 'i.issue_date', 'i.due_date', 'i.amount', 'i.currency', 'i.open_amount'])
      .select((eb) => [
        eb
          .selectFrom('journal_entries as e')
          .select((e) => e.fn.max('e.entry_date').as('d'))
          .whereRef('e.invoice_id', '=', 'i.id')
          .where('e.account', '=', 'ar')
          .where('e.amount', '<', 0n)
          .as('last_credit'),
        eb.exists(eb.selectFrom('disputes as d').select('d.id').whereRef('d.invoice_id', '=', 'i.id').where('d.status', '=', 'open')).as('open_dispute'),
        eb.exists(eb.selectFrom('disputes as d').select('d.id').whereRef('d.invoice_id', '=', 'i.id')).as('any_dispute'),
      ])
      .where('i.voided', '=', false)
      .where('i.number', '>', after)
      .orderBy('i.number')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const open = BigInt(row.open_amount);
      const paid = open === 0n;
      const paidAmount = BigInt(row.amount) - open;
      const paidDate = paidAmount > 0n && row.last_credit ? String(row.last_credit) : '';
      yield csvLine([
        row.ref,
        { text: row.name },
        row.number,
        row.issue_date,
        row.due_date,
        major(row.amount, row.currency),
        row.currency.trim(),
        paidDate,
        Boolean(row.open_dispute) || (paid && Boolean(row.any_dispute)),
        paidDate ? major(paidAmount, row.currency) : '',
      ]);
    }
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.number;
  }
}

export async function* customersCsv(db: Kysely<DB>): AsyncGenerator<string> {
  yield csvLine(['customer_ref', 'customer_name', 'currency', 'payment_terms_days', 'credit_limit', 'segment', 'open_balance', 'unapplied_cash']);
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('customers as c')
      .select(['c.ref', 'c.name', 'c.currency', 'c.payment_terms_days', 'c.credit_limit', 'c.segment'])
      .select((eb) => [
        eb.selectFrom('invoices as i').select((i) => i.fn.coalesce(i.fn.sum<bigint>('i.open_amount'), sql<bigint>`0`).as('s')).whereRef('i.customer_id', '=', 'c.id').where('i.voided', '=', false).as('open'),
        eb.selectFrom('payments as p').select((p) => p.fn.coalesce(p.fn.sum<bigint>('p.unapplied'), sql<bigint>`0`).as('s')).whereRef('p.customer_id', '=', 'c.id').where('p.reversed', '=', false).as('unapplied'),
      ])
      .where('c.ref', '>', after)
      .orderBy('c.ref')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      yield csvLine([row.ref, { text: row.name }, row.currency.trim(), row.payment_terms_days, major(row.credit_limit, row.currency), { text: row.segment }, major(row.open ?? 0n, row.currency), major(row.unapplied ?? 0n, row.currency)]);
    }
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.ref;
  }
}

/** Every journal line in [from, to], one row each; debit/credit in major units. */
export async function* journalCsv(db: Kysely<DB>, range: { from?: string; to?: string }): AsyncGenerator<string> {
  yield csvLine(['entry_id', 'transaction_id', 'date', 'kind', 'customer_ref', 'account', 'invoice_number', 'payment_id', 'currency', 'debit', 'credit', 'actor', 'request_id', 'reverses_transaction_id', 'recorded_at']);
  let after = 0n;
  for (;;) {
    let query = db
      .selectFrom('journal_entries as e')
      .innerJoin('journal_transactions as t', 't.id', 'e.transaction_id')
      .innerJoin('customers as c', 'c.id', 'e.customer_id')
      .leftJoin('invoices as i', 'i.id', 'e.invoice_id')
      .select(['e.id', 'e.transaction_id', 'e.entry_date', 't.kind', 'c.ref', 'e.account', 'i.number', 'e.payment_id', 'e.currency', 'e.amount', 't.actor', 't.request_id', 't.reverses_id', 't.created_at'])
      .where('e.id', '>', after)
      .orderBy('e.id')
      .limit(PAGE);
    if (range.from) query = query.where('e.entry_date', '>=', range.from);
    if (range.to) query = query.where('e.entry_date', '<=', range.to);
    const rows = await query.execute();
    for (const row of rows) {
      const amount = BigInt(row.amount);
      yield csvLine([
        row.id,
        row.transaction_id,
        row.entry_date,
        row.kind,
        row.ref,
        row.account,
        row.number,
        row.payment_id,
        row.currency.trim(),
        amount > 0n ? major(amount, row.currency) : '',
        amount < 0n ? major(-amount, row.currency) : '',
        { text: row.actor },
        row.request_id,
        row.reverses_id,
        row.created_at.toISOString(),
      ]);
    }
    if (rows.length < PAGE) return;
    after = BigInt(rows.at(-1)!.id);
  }
}

/**
 * A customer's statement: opening balance, then one line per transaction that moved what they
 * owe (AR minus unapplied cash), with the running balance. Undefined for an unknown customer.
 */
export async function customerStatementCsv(db: Kysely<DB>, customerRef: string, range: { from?: string; to?: string }): Promise<AsyncGenerator<string> | undefined> {
  const customer = await db.selectFrom('customers').select(['id', 'currency']).where('ref', '=', customerRef).executeTakeFirst();
  if (!customer) return undefined;
  return (async function* () {
    yield csvLine(['date', 'type', 'reference', 'invoice_numbers', 'currency', 'debit', 'credit', 'balance']);
    const accounts = ['ar', 'unapplied_cash'];
    const opening = range.from
      ? await db
          .selectFrom('journal_entries')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<bigint>('amount'), sql<bigint>`0`).as('s'))
          .where('customer_id', '=', customer.id)
          .where('account', 'in', accounts)
          .where('entry_date', '<', range.from)
          .executeTakeFirstOrThrow()
      : { s: 0n };
    let balance = BigInt(opening.s);
    const currency = customer.currency.trim();
    if (range.from) yield csvLine([range.from, 'opening_balance', '', '', currency, '', '', major(balance, currency)]);
    let query = db
      .selectFrom('journal_entries as e')
      .innerJoin('journal_transactions as t', 't.id', 'e.transaction_id')
      .leftJoin('invoices as i', 'i.id', 'e.invoice_id')
      .leftJoin('payments as p', 'p.id', 'e.payment_id')
      .select(['t.id', 't.kind', 't.effective_date', 't.created_at'])
      .select((eb) => [eb.fn.sum<bigint>('e.amount').as('net'), sql<string | null>`string_agg(distinct ${eb.ref('i.number')}, ' ')`.as('invoices'), eb.fn.max('p.reference').as('reference')])
      .where('e.customer_id', '=', customer.id)
      .where('e.account', 'in', accounts)
      .groupBy(['t.id', 't.kind', 't.effective_date', 't.created_at'])
      .orderBy('t.effective_date')
      .orderBy('t.created_at')
      .orderBy('t.id');
    if (range.from) query = query.where('t.effective_date', '>=', range.from);
    if (range.to) query = query.where('t.effective_date', '<=', range.to);
    for (const row of await query.execute()) {
      const net = BigInt(row.net);
      if (net === 0n) continue; // applying cash already received changes nothing the customer owes
      balance += net;
      yield csvLine([row.effective_date, row.kind, { text: row.reference ?? '' }, row.invoices ?? '', currency, net > 0n ? major(net, currency) : '', net < 0n ? major(-net, currency) : '', major(balance, currency)]);
    }
  })();
}
