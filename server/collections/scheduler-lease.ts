/**
 * A database lease so that with several instances only one runs the collections job at a time:
 * taking it is one upsert that succeeds only when the lease is free, expired or already ours.
 * Wall-clock time on purpose (not the injectable business clock): it guards real concurrency.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export async function acquireLease(db: Kysely<DB>, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const now = new Date();
  const expires = new Date(now.getTime() + ttlMs);
  const result = await sql<{ holder: string }>`
    insert into collection_leases (name, holder, expires_at) values (${name}, ${holder}, ${expires})
    on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
    where collection_leases.expires_at < ${now} or collection_leases.holder = excluded.holder
    returning holder`.execute(db);
  return result.rows.length === 1;
}

export async function releaseLease(db: Kysely<DB>, name: string, holder: string): Promise<void> {
  await db.deleteFrom('collection_leases').where('name', '=', name).where('holder', '=', holder).execute();
}
