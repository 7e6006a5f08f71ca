/**
 * Authenticates share-link holders: a token from `?token=` or `Authorization: Bearer` becomes a
 * `LinkActor` when its signature and expiry check out AND the database says the link is live
 * (not revoked, not expired, session open). Links authenticate only on the paths below, so a
 * customer link can never reach a staff route, whatever that route's own checks are.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LinkActor } from '../auth/actor.ts';
import { findLiveLink } from './session-repository.ts';
import { verifyShareToken } from './share-token.ts';

/** The only places a share link is a credential: the customer portal, `/auth/me` and the sync socket. */
export const LINK_PATH_PREFIXES: readonly string[] = ['/api/v1/portal/', '/api/v1/auth/me', '/sync/'];

export function tokenFromRequest(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  if (query && typeof query.token === 'string' && query.token.length > 0) return query.token;
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return undefined;
}

export async function linkActorForToken(app: FastifyInstance, token: string): Promise<{ actor: LinkActor; expiresAt: Date } | undefined> {
  const now = app.config.now();
  const checked = verifyShareToken(app.secret, token, now);
  if (!checked.ok) return undefined;
  const link = await findLiveLink(app.db, checked.claims.linkId, now);
  // The token must carry exactly the expiry we minted it with.
  if (!link || Math.floor(link.expires_at.getTime() / 1000) !== Math.floor(checked.claims.expiresAt.getTime() / 1000)) return undefined;
  const role = link.role === 'customer' ? 'customer' : 'viewer';
  return {
    actor: { kind: 'link', linkId: link.id, sessionId: link.session_id, customerId: link.customer_id, role, name: role === 'customer' ? link.customer_name : 'Viewer' },
    expiresAt: link.expires_at,
  };
}

export function shareLinkAuthenticator(app: FastifyInstance) {
  return async (request: FastifyRequest): Promise<LinkActor | undefined> => {
    const path = request.url.split('?', 1)[0] ?? '';
    if (!LINK_PATH_PREFIXES.some((prefix) => path.startsWith(prefix))) return undefined;
    const token = tokenFromRequest(request);
    if (!token) return undefined;
    return (await linkActorForToken(app, token))?.actor;
  };
}
