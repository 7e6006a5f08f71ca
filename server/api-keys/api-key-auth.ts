/**
 * Registers API-key authentication in `app.authenticators`: `Authorization: Bearer clk_…`.
 * Bearer values without our prefix are left to the other authenticators (share-link tokens).
 * An unknown or revoked key authenticates nobody, so protected routes answer 401 at once.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { API_KEY_PREFIX, authenticateApiKey } from './api-keys.ts';

export function bearerKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1]?.startsWith(API_KEY_PREFIX) ? match[1] : undefined;
}

export default fp(async function apiKeyAuth(app: FastifyInstance) {
  app.authenticators.push(async (request) => {
    const key = bearerKey(request);
    return key ? authenticateApiKey(app.db, key, app.config.now()) : undefined;
  });
});
