/**
 * `/api/v1/webhooks`: admins subscribe URLs to domain events, read the delivery log and replay a
 * delivery. Deliveries are signed (`X-Cashlens-Signature: t=…,v1=…`, see shared/webhooks/signature.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorLabel } from '../auth/actor.ts';
import { httpError } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { webhookTargetProblem } from '../webhooks/webhook-target.ts';
import { createSubscription, deactivateSubscription, findDelivery, listDeliveries, listSubscriptions, replayDelivery } from '../webhooks/webhook-repository.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { Permission } from '../../shared/roles.ts';
import { Uuid } from '../../shared/schemas/common.ts';
import { WebhookEvent } from '../../shared/webhooks/webhook-events.ts';

const EventName = Type.Enum(WebhookEvent);
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const Subscription = Type.Object({
  id: Uuid,
  url: Type.String(),
  events: Type.Array(EventName),
  description: Type.String(),
  active: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: DateTime,
});

const Delivery = Type.Object({
  id: Uuid,
  subscriptionId: Uuid,
  eventId: Uuid,
  event: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(DateTime),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  replayOf: Nullable(Uuid),
  createdAt: DateTime,
  deliveredAt: Nullable(DateTime),
});

const DeliveryDetail = Type.Intersect([
  Delivery,
  Type.Object({
    payload: Type.Unknown({ description: 'The envelope sent: {id, type, createdAt, data}' }),
    attemptLog: Type.Array(Type.Object({ attemptedAt: DateTime, durationMs: Type.Integer(), status: Nullable(Type.Integer()), error: Nullable(Type.String()) })),
  }),
]);

const NewSubscription = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL that receives POSTs; loopback, private and link-local hosts are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS is set' }),
    events: Type.Array(EventName, { minItems: 1, maxItems: 20 }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const webhooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = requirePermission(Permission.manageIntegrations);
  const tags = ['webhooks'];

  app.get('/webhooks', { preHandler: adminOnly, schema: { tags, response: { 200: Type.Array(Subscription) } } }, async () => listSubscriptions(app.db));

  app.post(
    '/webhooks',
    {
      preHandler: adminOnly,
      schema: { tags, description: 'Subscribes a URL. The signing secret is in this response only.', body: NewSubscription, response: { 201: Type.Intersect([Subscription, Type.Object({ secret: Type.String() })]) } },
    },
    async (request, reply) => {
      const problem = await webhookTargetProblem(request.body.url, app.config.webhookAllowPrivateTargets);
      if (problem) throw httpError(ErrorCode.validation, problem, 'url');
      const { record, secret } = await createSubscription(app.db, { ...request.body, createdBy: actorLabel(request.actor!) });
      app.webhookSubscriptionsChanged();
      return reply.status(201).send({ ...record, secret });
    },
  );

  app.delete('/webhooks/:id', { preHandler: adminOnly, schema: { tags, description: 'Stops deliveries; the log stays.', params: Type.Object({ id: Uuid }), response: { 200: Subscription } } }, async (request) => {
    const record = await deactivateSubscription(app.db, request.params.id);
    app.webhookSubscriptionsChanged();
    if (!record) throw httpError(ErrorCode.notFound, `No webhook subscription ${request.params.id}.`, 'id');
    return record;
  });

  app.get(
    '/webhooks/deliveries',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        description: 'The delivery log, newest first.',
        querystring: Type.Object({ subscriptionId: Type.Optional(Uuid), status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
        response: { 200: Type.Array(Delivery) },
      },
    },
    async (request) => listDeliveries(app.db, request.query),
  );

  app.get('/webhooks/deliveries/:id', { preHandler: adminOnly, schema: { tags, params: Type.Object({ id: Uuid }), response: { 200: DeliveryDetail } } }, async (request) => {
    const delivery = await findDelivery(app.db, request.params.id);
    if (!delivery) throw httpError(ErrorCode.notFound, `No webhook delivery ${request.params.id}.`, 'id');
    return delivery;
  });

  app.post(
    '/webhooks/deliveries/:id/replay',
    { preHandler: adminOnly, schema: { tags, description: 'Sends the same event (same id and body) again as a new delivery.', params: Type.Object({ id: Uuid }), response: { 201: Delivery } } },
    async (request, reply) => {
      const delivery = await replayDelivery(app.db, request.params.id, app.config.now());
      if (!delivery) throw httpError(ErrorCode.notFound, `No webhook delivery ${request.params.id}.`, 'id');
      if (delivery === 'subscription removed') throw httpError(ErrorCode.conflict, 'Its webhook subscription was removed: nothing is sent to it any more.', 'id');
      app.webhooks.kick();
      return reply.status(201).send(delivery);
    },
  );
};

export default webhooksRoutes;
