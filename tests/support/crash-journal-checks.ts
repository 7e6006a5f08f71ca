/**
 * After the crash cycles, with the server stopped: the journal read straight from SQL, for what
 * the trial balance does not show. A crash must leave no transaction without entries, no
 * unbalanced transaction, no invoice without its lines or issue posting, no payment without its
 * posting, no payment stored twice, and no Idempotency-Key pointing at a payment that is not there.
 */
import { sql } from 'kysely';
import { openPglite, openPostgres } from '../../server/db/database.ts';
import type { ServerTarget } from './crash-server.ts';

const checks: readonly { readonly problem: string; readonly count: string }[] = [
  { problem: 'journal transactions without entries', count: 'select count(*) from journal_transactions t where not exists (select 1 from journal_entries e where e.transaction_id = t.id)' },
  { problem: 'unbalanced journal transactions', count: 'select count(*) from (select transaction_id from journal_entries group by transaction_id having sum(amount) <> 0) t' },
  { problem: 'invoices without lines', count: 'select count(*) from invoices i where not exists (select 1 from invoice_lines l where l.invoice_id = i.id)' },
  { problem: 'invoices without their issue posting', count: 'select count(*) from invoices i where not exists (select 1 from journal_entries e where e.transaction_id = i.issue_transaction_id)' },
  { problem: 'payments without their posting', count: 'select count(*) from payments p where not exists (select 1 from journal_entries e where e.transaction_id = p.transaction_id)' },
  { problem: 'crash-test payment references stored more than once', count: "select count(*) from (select reference from payments where reference like 'crash-%' group by reference having count(*) > 1) d" },
  { problem: 'payment Idempotency-Keys whose payment is missing', count: "select count(*) from idempotency_keys k where k.command = 'receivePayment' and not exists (select 1 from payments p where p.id::text = k.response->>'id')" },
];

/** One sentence per broken rule; empty when the journal is whole. */
export async function checkJournalInSql(target: ServerTarget): Promise<string[]> {
  const database = target.databaseUrl ? await openPostgres(target.databaseUrl) : await openPglite(target.dataDir);
  try {
    const problems: string[] = [];
    for (const check of checks) {
      const { rows } = await sql<{ count: string | number | bigint }>`${sql.raw(check.count)}`.execute(database.db);
      const count = Number(rows[0]?.count ?? 0);
      if (count > 0) problems.push(`${count} ${check.problem}`);
    }
    return problems;
  } finally {
    await database.close();
  }
}
