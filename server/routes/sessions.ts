/**
 * Collaborative sessions and their share links (DESIGN §6). Staff with `manage_sessions` create
 * and close sessions of customers they may read, and mint/revoke links; revoking closes the
 * link's open sockets at once (on every instance). Link URLs point at the client's `/s/:token`.
 * Staff who may see a session answer the customer there (`POST …/messages`): the reply is logged
 * and appears live in the session's shared document.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { authorName, MAX_MESSAGE_LENGTH, recordTeamMessage } from '../collections/customer-messages.ts';
import { actorLabel } from '../auth/actor.ts';
import { httpError } from '../http/error-map.ts';
import { requirePermission, requireStaff } from '../plugins/auth.ts';
import { mayManageSessionsOf, maySeeSession } from '../sessions/session-access.ts';
import { SessionDetailSchema, SessionSchema, ShareLinkSchema, toLinkDto, toSessionDto } from '../sessions/session-dto.ts';
import * as repo from '../sessions/session-repository.ts';
import { signShareToken } from '../sessions/share-token.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { can, Permission } from '../../shared/roles.ts';

const SessionParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const LinkParams = Type.Object({ id: Type.String({ format: 'uuid' }), linkId: Type.String({ format: 'uuid' }) });
const NewSessionBody = Type.Object({ customerRef: Type.String({ minLength: 1, maxLength: 64 }), title: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const NewLinkBody = Type.Object(
  {
    role: Type.Union([Type.Literal('customer'), Type.Literal('viewer')]),
    // At least a minute: a shorter expiry rounds to a link that is dead before the response is sent.
    expiresInHours: Type.Number({ minimum: 1 / 60, maximum: 24 * 90, default: 72, description: 'Hours until the link stops working (at least one minute, at most 90 days)' }),
  },
  { additionalProperties: false },
);
const MessageBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: MAX_MESSAGE_LENGTH, description: 'The answer to the customer, plain text' }) }, { additionalProperties: false });
const PostedMessage = Type.Object({ id: Type.String(), at: Type.String(), taskId: Type.Union([Type.String(), Type.Null()]) });
const SessionQuery = Type.Object(
  { customerRef: Type.Optional(Type.String({ maxLength: 64 })), status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])) },
  { additionalProperties: false },
);

/** The base address links point at: PUBLIC_URL, else the address this request came to. */
export function publicBase(request: FastifyRequest): string {
  const configured = request.server.config.publicUrl;
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

const linkUrl = (base: string, token: string) => `${base}/s/${encodeURIComponent(token)}`;

const sessionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const manage = requirePermission(Permission.manageSessions);

  /** The session, if this staff member may see it (404 otherwise: no existence leak). */
  async function visibleSession(request: FastifyRequest, id: string) {
    const actor = requireStaff(request);
    const session = await repo.findSession(app.db, id);
    if (!session || !maySeeSession(actor, session)) throw httpError(ErrorCode.notFound, 'No such session.');
    return { actor, session };
  }

  async function manageableSession(request: FastifyRequest, id: string) {
    const { actor, session } = await visibleSession(request, id);
    if (!mayManageSessionsOf(actor, session)) throw httpError(ErrorCode.forbidden, 'You may not manage this session.');
    return { actor, session };
  }

  function liveLink(request: FastifyRequest, link: repo.ShareLinkRecord) {
    if (link.revokedAt || link.expiresAt <= app.config.now()) return undefined;
    const token = signShareToken(app.secret, { linkId: link.id, expiresAt: link.expiresAt });
    return { token, url: linkUrl(publicBase(request), token) };
  }

  app.post('/sessions', { preHandler: manage, schema: { tags: ['sessions'], body: NewSessionBody, response: { 201: SessionSchema } } }, async (request, reply) => {
    const actor = requireStaff(request);
    const customer = await repo.findCustomerByRef(app.db, request.body.customerRef);
    if (!customer || !(can(actor.role, Permission.readAllCustomers) || customer.sales_owner_id === actor.userId)) {
      throw httpError(ErrorCode.validation, `No customer "${request.body.customerRef}" that you may open a session for.`, 'customerRef');
    }
    const session = await repo.createSession(app.db, { customerId: customer.id, title: request.body.title, createdBy: actor.userId });
    return reply.code(201).send(toSessionDto(session));
  });

  app.get('/sessions', { schema: { tags: ['sessions'], querystring: SessionQuery, response: { 200: Type.Array(SessionSchema) } } }, async (request) => {
    const actor = requireStaff(request);
    let customerId: string | undefined;
    if (request.query.customerRef) {
      const customer = await repo.findCustomerByRef(app.db, request.query.customerRef);
      if (!customer) return [];
      customerId = customer.id;
    }
    const sessions = await repo.listSessions(app.db, {
      ...(can(actor.role, Permission.readAllCustomers) ? {} : { ownerId: actor.userId }),
      ...(customerId ? { customerId } : {}),
      ...(request.query.status ? { status: request.query.status } : {}),
    });
    return sessions.map(toSessionDto);
  });

  app.get('/sessions/:id', { schema: { tags: ['sessions'], params: SessionParams, response: { 200: SessionDetailSchema } } }, async (request) => {
    const { session } = await visibleSession(request, request.params.id);
    const links = await repo.listShareLinks(app.db, session.id);
    return { ...toSessionDto(session), links: links.map((link) => toLinkDto(link, liveLink(request, link))) };
  });

  app.post('/sessions/:id/close', { preHandler: manage, schema: { tags: ['sessions'], params: SessionParams, response: { 200: SessionSchema } } }, async (request) => {
    const { session } = await manageableSession(request, request.params.id);
    await repo.closeSession(app.db, session.id, app.config.now());
    await app.sync.closeSession(session.id);
    return toSessionDto((await repo.findSession(app.db, session.id))!);
  });

  app.post(
    '/sessions/:id/messages',
    { config: { rateLimit: { max: 60, timeWindow: 60_000 } }, schema: { tags: ['sessions'], params: SessionParams, body: MessageBody, response: { 201: PostedMessage } } },
    async (request, reply) => {
      const { actor, session } = await visibleSession(request, request.params.id);
      const body = request.body.body.trim();
      if (body.length === 0) throw httpError(ErrorCode.validation, 'The message is empty.', 'body');
      if (session.status !== 'open') throw httpError(ErrorCode.invalidState, 'This session is closed; the customer no longer reads it.');
      const now = app.config.now();
      const stored = await recordTeamMessage(app.db, { customerId: session.customerId, sessionId: session.id, from: actorLabel(actor), body }, now);
      // Into the shared document before answering, so the sender's own view has it.
      await app.events.emit('message.posted', { messageId: stored.messageId, sessionId: session.id, customerId: session.customerId, from: 'team', author: authorName(actor.name, 'The team'), body, at: now.toISOString(), taskId: stored.taskId });
      return reply.code(201).send({ id: stored.messageId, at: now.toISOString(), taskId: stored.taskId });
    },
  );

  app.post('/sessions/:id/links', { preHandler: manage, schema: { tags: ['sessions'], params: SessionParams, body: NewLinkBody, response: { 201: ShareLinkSchema } } }, async (request, reply) => {
    const { actor, session } = await manageableSession(request, request.params.id);
    if (session.status !== 'open') throw httpError(ErrorCode.invalidState, 'This session is closed; open a new one to share.');
    const expiresAt = new Date(app.config.now().getTime() + Math.round(request.body.expiresInHours * 3600_000));
    const link = await repo.createShareLink(app.db, { sessionId: session.id, role: request.body.role, expiresAt, createdBy: actor.userId });
    const live = liveLink(request, link)!; // expiresAt is at least a minute away (schema minimum)
    const qrSvg = await QRCode.toString(live.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.code(201).send(toLinkDto(link, { ...live, qrSvg }));
  });

  app.delete('/sessions/:id/links/:linkId', { preHandler: manage, schema: { tags: ['sessions'], params: LinkParams } }, async (request, reply) => {
    const { session } = await manageableSession(request, request.params.id);
    const link = await repo.findShareLink(app.db, session.id, request.params.linkId);
    if (!link) throw httpError(ErrorCode.notFound, 'No such link.');
    await repo.revokeShareLink(app.db, session.id, link.id, app.config.now());
    await app.sync.revokeLink(link.id);
    return reply.code(204).send();
  });

  app.get('/sessions/:id/links/:linkId/qr.svg', { schema: { tags: ['sessions'], params: LinkParams } }, async (request, reply) => {
    const { session } = await visibleSession(request, request.params.id);
    const link = await repo.findShareLink(app.db, session.id, request.params.linkId);
    if (!link) throw httpError(ErrorCode.notFound, 'No such link.');
    const live = liveLink(request, link);
    if (!live) throw httpError(ErrorCode.invalidState, 'This link was revoked or has expired.');
    const svg = await QRCode.toString(live.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'private, no-store').send(svg);
  });
};

export default sessionsRoutes;
