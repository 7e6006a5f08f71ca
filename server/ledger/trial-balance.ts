/**
 * The trial balance and the ledger's invariants (DESIGN §3) checked in SQL over the whole
 * journal: debits = credits overall and per transaction; AR control = Σ invoice open amounts;
 * unapplied cash = Σ payments' unapplied; Σ customer balances = AR control − unapplied cash;
 * every invoice's cached open amount equals its journal sum and lies in [0, amount].
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface TrialBalance {
  readonly balanced: boolean;
  readonly accounts: { account: string; currency: string; debit: number; credit: number; balance: number }[];
  readonly arControl: number;
  readonly unappliedCash: number;
  readonly invoiceOpenTotal: number;
  readonly customerBalanceTotal: number;
  readonly unbalancedTransactions: number;
  readonly invoicesOutOfStep: number;
  readonly problems: string[];
}

const n = (value: bigint | string | number | null | undefined) => Number(value ?? 0);

/**
 * Five aggregates that must agree with each other, so they read one snapshot: at READ COMMITTED
 * each statement would see a different moment and payments posted in between show up as
 * imbalances that are not there.
 */
export function trialBalance(db: Kysely<DB>): Promise<TrialBalance> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute((trx) => trialBalanceIn(trx));
}

async function trialBalanceIn(db: Kysely<DB>): Promise<TrialBalance> {
  const accounts = await sql<{ account: string; currency: string; debit: string; credit: string }>`
    select account, currency, coalesce(sum(amount) filter (where amount > 0), 0)::text as debit, coalesce(-sum(amount) filter (where amount < 0), 0)::text as credit
    from journal_entries group by account, currency order by account, currency`.execute(db);
  const unbalanced = await sql<{ count: string }>`select count(*)::text as count from (select transaction_id from journal_entries group by transaction_id having sum(amount) <> 0) t`.execute(db);
  const invoices = await sql<{ open_total: string | null; out_of_step: string }>`
    select sum(i.open_amount)::text as open_total,
           count(*) filter (where coalesce(e.total, 0) <> i.open_amount or i.open_amount < 0 or i.open_amount > i.amount)::text as out_of_step
    from invoices i left join (select invoice_id, sum(amount) as total from journal_entries where account = 'ar' group by invoice_id) e on e.invoice_id = i.id`.execute(db);
  const payments = await sql<{ unapplied: string | null }>`select sum(unapplied)::text as unapplied from payments`.execute(db);
  const customers = await sql<{ total: string | null }>`
    select sum(balance)::text as total from (select customer_id, sum(amount) as balance from journal_entries where account in ('ar', 'unapplied_cash') group by customer_id) c`.execute(db);

  const rows = accounts.rows.map((row) => ({ account: row.account, currency: row.currency, debit: n(row.debit), credit: n(row.credit), balance: n(row.debit) - n(row.credit) }));
  const arControl = rows.filter((row) => row.account === 'ar').reduce((total, row) => total + row.balance, 0);
  const unappliedCash = -rows.filter((row) => row.account === 'unapplied_cash').reduce((total, row) => total + row.balance, 0);
  const invoiceOpenTotal = n(invoices.rows[0]?.open_total);
  const customerBalanceTotal = n(customers.rows[0]?.total);
  const unbalancedTransactions = n(unbalanced.rows[0]?.count);
  const invoicesOutOfStep = n(invoices.rows[0]?.out_of_step);
  const problems: string[] = [];
  const byCurrency = new Map<string, number>();
  for (const row of rows) byCurrency.set(row.currency, (byCurrency.get(row.currency) ?? 0) + row.balance);
  for (const [currency, balance] of byCurrency) if (balance !== 0) problems.push(`${currency}: debits and credits differ by ${balance}`);
  if (unbalancedTransactions > 0) problems.push(`${unbalancedTransactions} transactions do not balance`);
  if (arControl !== invoiceOpenTotal) problems.push(`AR control ${arControl} ≠ Σ invoice open ${invoiceOpenTotal}`);
  if (unappliedCash !== n(payments.rows[0]?.unapplied)) problems.push(`unapplied cash ${unappliedCash} ≠ Σ payments unapplied ${n(payments.rows[0]?.unapplied)}`);
  if (customerBalanceTotal !== arControl - unappliedCash) problems.push(`Σ customer balances ${customerBalanceTotal} ≠ AR control − unapplied cash`);
  if (invoicesOutOfStep > 0) problems.push(`${invoicesOutOfStep} invoices disagree with the journal or are over-applied`);
  return { balanced: problems.length === 0, accounts: rows, arControl, unappliedCash, invoiceOpenTotal, customerBalanceTotal, unbalancedTransactions, invoicesOutOfStep, problems };
}
