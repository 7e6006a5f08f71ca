/**
 * API keys for machine clients (ERP/CRM sync). A key is `clk_<random>`, shown once at creation;
 * only its SHA-256 is stored, so a leaked database leaks no usable key. Scopes map to roles in
 * shared/roles (`write-ledger` implies `read`), so `can()` stays the one source of permissions.
 * Revocation takes effect on the next request: every request looks the key up.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ApiKeyActor } from '../auth/actor.ts';
import { ApiKeyRole } from '../../shared/roles.ts';

export const ApiKeyScope = { read: 'read', writeLedger: 'write-ledger' } as const;
export type ApiKeyScope = (typeof ApiKeyScope)[keyof typeof ApiKeyScope];
export const apiKeyScopes: readonly ApiKeyScope[] = Object.values(ApiKeyScope);

export const API_KEY_PREFIX = 'clk_';

export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  /** The first characters of the key, so admins can tell keys apart without seeing them. */
  readonly prefix: string;
  readonly scopes: ApiKeyScope[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function roleForScopes(scopes: readonly string[]): ApiKeyRole {
  return scopes.includes(ApiKeyScope.writeLedger) ? ApiKeyRole.writeLedger : ApiKeyRole.read;
}

function toRecord(row: Selectable<DB['api_keys']>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKeyScope[],
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export async function createApiKey(db: Kysely<DB>, input: { name: string; scopes: readonly ApiKeyScope[]; createdBy: string }): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('api_keys')
    .values({ name: input.name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), key_hash: hashKey(key), scopes: JSON.stringify([...new Set(input.scopes)]), created_by: input.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { key, record: toRecord(row) };
}

export async function listApiKeys(db: Kysely<DB>): Promise<ApiKeyRecord[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(toRecord);
}

/** Revokes once; revoking again keeps the first time. Undefined when no such key. */
export async function revokeApiKey(db: Kysely<DB>, id: string, now: Date): Promise<ApiKeyRecord | undefined> {
  await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/**
 * The actor for a presented key, or undefined when it is unknown or revoked. Looks up and stamps
 * `last_used_at` in one statement, so authenticating costs one round trip.
 */
export async function authenticateApiKey(db: Kysely<DB>, key: string, now: Date): Promise<ApiKeyActor | undefined> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return undefined;
  const row = await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('key_hash', '=', hashKey(key))
    .where('revoked_at', 'is', null)
    .returning(['id', 'name', 'scopes'])
    .executeTakeFirst();
  if (!row) return undefined;
  return { kind: 'api_key', keyId: row.id, name: row.name, role: roleForScopes(row.scopes as string[]) };
}
