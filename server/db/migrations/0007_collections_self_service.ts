/**
 * Collections self-service (issue 7): a per-customer override of the "61+ days past due above a
 * threshold" hold rule (null → the company setting `collections.overdueHoldThreshold` in
 * `settings`, itself defaulting to 0), and an index for the scheduler's "did the customer reply
 * since the last reminder" read of the communication log (portal messages, promises).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table customer_collections add column overdue_hold_threshold bigint check (overdue_hold_threshold >= 0);
    create index communication_log_kind_idx on communication_log (customer_id, kind, day);
  `.execute(db);
}
