/**
 * Applies pending migrations. On PostgreSQL an advisory lock makes concurrent starts of several
 * instances safe: one migrates, the others wait and then find nothing to do.
 */
import { sql, type Kysely } from 'kysely';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';

const ADVISORY_LOCK_ID = 7_201_355_001;

export async function migrate(db: Kysely<any>, migrations: readonly Migration[] = allMigrations): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${ADVISORY_LOCK_ID})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(conn);
      const applied = new Set((await sql<{ name: string }>`select name from schema_migrations`.execute(conn)).rows.map((row) => row.name));
      const done: string[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.name)) continue;
        await conn.transaction().execute(async (trx) => {
          await migration.up(trx);
          await sql`insert into schema_migrations (name) values (${migration.name})`.execute(trx);
        });
        done.push(migration.name);
      }
      return done;
    } finally {
      await sql`select pg_advisory_unlock(${ADVISORY_LOCK_ID})`.execute(conn);
    }
  });
}
