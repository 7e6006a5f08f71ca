/**
 * Authentication for `/api/v1`: every route there requires an actor unless it is declared with
 * `config: { public: true }`. Unauthenticated → 401 JSON. Permission checks are preHandlers made
 * by `requirePermission`, driven by shared/roles so client and server agree.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, StaffActor } from '../auth/actor.ts';
import { findSessionUser, SESSION_COOKIE } from '../auth/sessions.ts';
import { httpError } from '../http/error-map.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { can, type Permission, type StaffRole } from '../../shared/roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
  interface FastifyContextConfig {
    /** The route needs no login (login itself, health, public docs). */
    public?: boolean;
  }
  interface FastifyInstance {
    /** Extra ways to authenticate (share-link tokens, API keys), tried in order after the cookie. */
    authenticators: Array<(request: FastifyRequest) => Promise<Actor | undefined>>;
  }
}

export function requirePermission(permission: Permission): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const actor = request.actor;
    if (!actor) throw httpError(ErrorCode.unauthenticated, 'Log in first.');
    if (!can(actor.role, permission)) throw httpError(ErrorCode.forbidden, `The ${actor.role} role may not ${permission.replaceAll('_', ' ')}.`);
  };
}

export function requireStaff(request: FastifyRequest): StaffActor {
  const actor = request.actor;
  if (!actor) throw httpError(ErrorCode.unauthenticated, 'Log in first.');
  if (actor.kind !== 'staff') throw httpError(ErrorCode.forbidden, 'Only staff accounts may do this.');
  return actor;
}

export function staffRoleIn(...roles: StaffRole[]): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const actor = requireStaff(request);
    if (!roles.includes(actor.role)) throw httpError(ErrorCode.forbidden, `This needs one of the roles: ${roles.join(', ')}.`);
  };
}

export default fp(async function auth(app: FastifyInstance) {
  app.decorateRequest('actor', undefined);
  app.decorate('authenticators', []);

  app.addHook('onRequest', async (request) => {
    request.actor = await authenticate(app, request);
    if (request.actor?.kind === 'staff' && isCrossSiteWrite(request, app.config.publicUrl)) {
      throw httpError(ErrorCode.forbidden, `Cross-site request refused: Origin ${request.headers.origin} is not this site.`);
    }
    if (!request.url.startsWith('/api/') || request.is404 || request.routeOptions.config.public) return;
    if (!request.actor) throw httpError(ErrorCode.unauthenticated, 'Log in first: this route needs a session cookie or a share-link token.');
  });
});

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions, on top of SameSite=Lax: a state-changing request whose
 * Origin header names another site is refused. Requests without Origin (curl, server-to-server)
 * carry no ambient browser credentials worth forging and pass.
 */
export function isCrossSiteWrite(request: FastifyRequest, publicUrl: string | undefined): boolean {
  if (safeMethods.has(request.method)) return false;
  const origin = request.headers.origin;
  if (!origin) return false;
  if (publicUrl && origin === new URL(publicUrl).origin) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<Actor | undefined> {
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) {
    const user = await findSessionUser(app.db, cookie, app.config.now());
    if (user) return { kind: 'staff', userId: user.id, email: user.email, name: user.name, role: user.role as StaffRole };
  }
  for (const authenticator of app.authenticators) {
    const actor = await authenticator(request);
    if (actor) return actor;
  }
  return undefined;
}
