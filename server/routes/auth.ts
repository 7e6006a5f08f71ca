import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createSession, deleteSession, hashToken, SESSION_COOKIE, SESSION_TTL_MS } from '../auth/sessions.ts';
import { findUserByEmail, toUser } from '../auth/users.ts';
import { dummyHashPromise, verifyPassword } from '../auth/password.ts';
import { httpError } from '../http/error-map.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { LoginBody, MeSchema, UserSchema } from '../../shared/schemas/auth.ts';

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: app.config.loginRateLimit.max, timeWindow: app.config.loginRateLimit.windowMs } },
      schema: { tags: ['auth'], body: LoginBody, response: { 200: UserSchema } },
    },
    async (request, reply) => {
      const row = await findUserByEmail(app.db, request.body.email);
      // Verify against a dummy hash for unknown e-mails: same work, same answer, no hint.
      const valid = await verifyPassword(request.body.password, row?.password_hash ?? (await dummyHashPromise));
      if (!row || !valid || !row.active) throw httpError(ErrorCode.invalidCredentials, 'E-mail or password is wrong.');
      const session = await createSession(app.db, row.id, app.config.now());
      reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.https, maxAge: SESSION_TTL_MS / 1000 });
      request.log.info({ userId: row.id }, 'login');
      return toUser(row);
    },
  );

  app.post('/auth/logout', { config: { public: true }, schema: { tags: ['auth'] } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      await deleteSession(app.db, token);
      await app.sync.loggedOut(hashToken(token));
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['auth'], response: { 200: MeSchema } } }, async (request) => {
    const actor = request.actor!;
    if (actor.kind === 'api_key') return { kind: 'api_key' as const, id: actor.keyId, name: actor.name, role: actor.role };
    return actor.kind === 'staff'
      ? { kind: 'staff' as const, id: actor.userId, name: actor.name, email: actor.email, role: actor.role }
      : { kind: 'link' as const, id: actor.linkId, name: actor.name, role: actor.role, sessionId: actor.sessionId };
  });
};

export default authRoutes;
