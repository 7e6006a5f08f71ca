/**
 * The only SQL about sessions and share links: plain functions taking `db` first, rows mapped to
 * the domain shapes below.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { LinkRole } from '../../shared/roles.ts';

export interface SessionRecord {
  readonly id: string;
  readonly customerId: string;
  readonly customerRef: string;
  readonly customerName: string;
  readonly salesOwnerId: string | null;
  readonly title: string;
  readonly status: 'open' | 'closed';
  readonly createdAt: Date;
  readonly closedAt: Date | null;
}

export interface ShareLinkRecord {
  readonly id: string;
  readonly sessionId: string;
  readonly role: LinkRole;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
}

function sessionQuery(db: Kysely<DB>) {
  return db
    .selectFrom('collab_sessions as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .select(['s.id', 's.customer_id', 'c.ref as customer_ref', 'c.name as customer_name', 'c.sales_owner_id', 's.title', 's.status', 's.created_at', 's.closed_at']);
}

type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionQuery>['executeTakeFirstOrThrow']>>;

const toSession = (row: SessionRow): SessionRecord => ({
  id: row.id,
  customerId: row.customer_id,
  customerRef: row.customer_ref,
  customerName: row.customer_name,
  salesOwnerId: row.sales_owner_id,
  title: row.title,
  status: row.status === 'closed' ? 'closed' : 'open',
  createdAt: row.created_at,
  closedAt: row.closed_at,
});

export async function findCustomerByRef(db: Kysely<DB>, ref: string) {
  return db.selectFrom('customers').select(['id', 'ref', 'name', 'sales_owner_id']).where('ref', '=', ref).executeTakeFirst();
}

export async function createSession(db: Kysely<DB>, input: { customerId: string; title: string; createdBy: string | null }): Promise<SessionRecord> {
  const { id } = await db.insertInto('collab_sessions').values({ customer_id: input.customerId, title: input.title, created_by: input.createdBy }).returning('id').executeTakeFirstOrThrow();
  return toSession(await sessionQuery(db).where('s.id', '=', id).executeTakeFirstOrThrow());
}

export async function findSession(db: Kysely<DB>, id: string): Promise<SessionRecord | undefined> {
  const row = await sessionQuery(db).where('s.id', '=', id).executeTakeFirst();
  return row && toSession(row);
}

/** These sessions as they are now (owner, status), for re-checking who may stay connected. */
export async function findSessions(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, SessionRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await sessionQuery(db).where('s.id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, toSession(row)]));
}

/** `ownerId` set → only sessions of that sales owner's customers. */
export async function listSessions(db: Kysely<DB>, filter: { ownerId?: string; customerId?: string; status?: 'open' | 'closed' } = {}): Promise<SessionRecord[]> {
  let query = sessionQuery(db).orderBy('s.created_at', 'desc');
  if (filter.ownerId) query = query.where('c.sales_owner_id', '=', filter.ownerId);
  if (filter.customerId) query = query.where('s.customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('s.status', '=', filter.status);
  return (await query.execute()).map(toSession);
}

export async function closeSession(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  await db.updateTable('collab_sessions').set({ status: 'closed', closed_at: now }).where('id', '=', id).where('status', '=', 'open').execute();
}

const toLink = (row: { id: string; session_id: string; role: string; created_at: Date; expires_at: Date; revoked_at: Date | null }): ShareLinkRecord => ({
  id: row.id,
  sessionId: row.session_id,
  role: row.role === 'customer' ? 'customer' : 'viewer',
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

export async function createShareLink(db: Kysely<DB>, input: { sessionId: string; role: LinkRole; expiresAt: Date; createdBy: string | null }): Promise<ShareLinkRecord> {
  const row = await db
    .insertInto('share_links')
    .values({ session_id: input.sessionId, role: input.role, expires_at: input.expiresAt, created_by: input.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toLink(row);
}

export async function listShareLinks(db: Kysely<DB>, sessionId: string): Promise<ShareLinkRecord[]> {
  return (await db.selectFrom('share_links').selectAll().where('session_id', '=', sessionId).orderBy('created_at').execute()).map(toLink);
}

export async function findShareLink(db: Kysely<DB>, sessionId: string, linkId: string): Promise<ShareLinkRecord | undefined> {
  const row = await db.selectFrom('share_links').selectAll().where('session_id', '=', sessionId).where('id', '=', linkId).executeTakeFirst();
  return row && toLink(row);
}

/** Marks the link revoked; true when it was live until now. */
export async function revokeShareLink(db: Kysely<DB>, sessionId: string, linkId: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('share_links').set({ revoked_at: now }).where('session_id', '=', sessionId).where('id', '=', linkId).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A link that is live now (not revoked, not expired, session open), with what an actor needs. */
export async function findLiveLink(db: Kysely<DB>, linkId: string, now: Date) {
  return db
    .selectFrom('share_links as l')
    .innerJoin('collab_sessions as s', 's.id', 'l.session_id')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .select(['l.id', 'l.session_id', 'l.role', 'l.expires_at', 's.customer_id', 'c.name as customer_name'])
    .where('l.id', '=', linkId)
    .where('l.revoked_at', 'is', null)
    .where('l.expires_at', '>', now)
    .where('s.status', '=', 'open')
    .executeTakeFirst();
}
