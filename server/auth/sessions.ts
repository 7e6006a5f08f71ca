/**
 * Login sessions: a random token in an HttpOnly cookie; only its SHA-256 is stored, so a leaked
 * database does not leak live sessions. Lookups are memoised for a few seconds per database
 * handle (session-cache.ts states what that means for revocation); logout and user changes made
 * through this module and `forgetSessionsOfUser` take effect at once in this process.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { UsersTable } from '../db/foundation-tables.ts';
import { SessionCache } from './session-cache.ts';

export const SESSION_COOKIE = 'cashlens_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

type SessionUser = Selectable<UsersTable>;

/** One memo per database handle, i.e. per app: two apps in one process (tests) never share one. */
const caches = new WeakMap<Kysely<DB>, SessionCache<SessionUser>>();
function cacheOf(db: Kysely<DB>): SessionCache<SessionUser> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new SessionCache<SessionUser>()));
  return cache;
}

export async function createSession(db: Kysely<DB>, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insertInto('auth_sessions').values({ token_hash: hashToken(token), user_id: userId, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

export async function findSessionUser(db: Kysely<DB>, token: string, now: Date): Promise<SessionUser | undefined> {
  const tokenHash = hashToken(token);
  const cache = cacheOf(db);
  const cached = cache.get(tokenHash, now);
  if (cached) return cached;
  const generation = cache.currentGeneration;
  const row = await db
    .selectFrom('auth_sessions')
    .innerJoin('users', 'users.id', 'auth_sessions.user_id')
    .selectAll('users')
    .select('auth_sessions.expires_at as session_expires_at')
    .where('auth_sessions.token_hash', '=', tokenHash)
    .where('auth_sessions.expires_at', '>', now)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_expires_at: sessionExpiresAt, ...user } = row;
  cache.set(tokenHash, user, user.id, sessionExpiresAt, generation);
  return user;
}

export async function deleteSession(db: Kysely<DB>, token: string): Promise<void> {
  const tokenHash = hashToken(token);
  await db.deleteFrom('auth_sessions').where('token_hash', '=', tokenHash).execute();
  cacheOf(db).forgetToken(tokenHash);
}

/** The hashes among `tokenHashes` whose logins are live at `now` (not logged out or ended, not expired, user active). */
export async function liveSessionTokenHashes(db: Kysely<DB>, tokenHashes: readonly string[], now: Date): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set();
  const rows = await db
    .selectFrom('auth_sessions')
    .innerJoin('users', 'users.id', 'auth_sessions.user_id')
    .select('auth_sessions.token_hash')
    .where('auth_sessions.token_hash', 'in', [...tokenHashes])
    .where('auth_sessions.expires_at', '>', now)
    .where('users.active', '=', true)
    .execute();
  return new Set(rows.map((row) => row.token_hash));
}

/** A logout on another instance: forget that login here too. */
export function forgetSessionToken(db: Kysely<DB>, tokenHash: string): void {
  cacheOf(db).forgetToken(tokenHash);
}

/** After a user's sessions were ended in SQL (deactivated, new password or role): forget them here too. */
export function forgetSessionsOfUser(db: Kysely<DB>, userId: string): void {
  cacheOf(db).forgetUser(userId);
}
