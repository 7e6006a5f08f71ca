/** Key/value settings kept in the database (the generated SESSION_SECRET, for one). */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.ts';

export async function getOrCreateSetting(db: Kysely<DB>, key: string, create: () => string): Promise<string> {
  await db.insertInto('settings').values({ key, value: create() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}

export function loadSessionSecret(db: Kysely<DB>, configured: string | undefined): Promise<string> {
  if (configured) return Promise.resolve(configured);
  return getOrCreateSetting(db, 'session_secret', () => randomBytes(32).toString('base64url'));
}
