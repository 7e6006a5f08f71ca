/**
 * Checks around a sync socket that need no document: is the upgrade's Origin ours, and which of
 * the share links behind open sockets are still live (not revoked, not expired, session open).
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Browsers always send Origin on WebSocket upgrades, so a foreign page cannot ride on a staff
 * cookie: Origin must be PUBLIC_URL's or the Host the request came to. Non-browser clients send
 * none and carry no ambient cookies to abuse, so a missing Origin passes.
 */
export function originAllowed(request: FastifyRequest, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const allowed = new Set<string>();
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  for (const host of [request.headers.host, request.headers['x-forwarded-host']]) {
    if (typeof host === 'string' && host.length > 0) for (const scheme of ['http', 'https']) allowed.add(`${scheme}://${host.split(',')[0]!.trim()}`);
  }
  return allowed.has(origin);
}

/** The ids among `linkIds` whose links are live at `now`. */
export async function liveLinkIds(db: Kysely<DB>, linkIds: readonly string[], now: Date): Promise<Set<string>> {
  if (linkIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('share_links as l')
    .innerJoin('collab_sessions as s', 's.id', 'l.session_id')
    .select('l.id')
    .where('l.id', 'in', [...linkIds])
    .where('l.revoked_at', 'is', null)
    .where('l.expires_at', '>', now)
    .where('s.status', '=', 'open')
    .execute();
  return new Set(rows.map((row) => row.id));
}
