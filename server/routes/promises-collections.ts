/**
 * Promise-to-pay through the API: staff for any customer they may see, the customer through
 * their session link for their own invoices. Past dates and amounts above the open balance → 400.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorLabel } from '../auth/actor.ts';
import { httpError, orThrow } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { listPromises, recordPromise } from '../collections/promise-service.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { can, Permission } from '../../shared/roles.ts';
import { Uuid } from '../../shared/schemas/common.ts';
import { utcDate } from '../../shared/time/dates.ts';

const PromiseView = Type.Object({
  id: Type.String(), customerId: Type.String(), invoiceNumbers: Type.Array(Type.String()), amount: Type.Integer(), currency: Type.String(), date: Type.String(), status: Type.String(), note: Type.String(), recordedBy: Type.String(),
});

const promisesCollectionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The customer a request may act for; staff name it, a link is bound to its session's customer. */
  async function customerFor(request: FastifyRequest, asked: string | undefined): Promise<string> {
    const actor = request.actor;
    if (!actor) throw httpError(ErrorCode.unauthenticated, 'Log in first.');
    if (actor.kind === 'link') {
      if (asked && asked !== actor.customerId) throw httpError(ErrorCode.forbidden, 'This link is for another customer.', 'customerId');
      return actor.customerId;
    }
    if (!asked) throw httpError(ErrorCode.validation, 'customerId is required.', 'customerId');
    if (actor.kind === 'staff' && !can(actor.role, Permission.readAllCustomers)) {
      const customer = await app.db.selectFrom('customers').select('sales_owner_id').where('id', '=', asked).executeTakeFirst();
      if (customer && customer.sales_owner_id !== actor.userId) throw httpError(ErrorCode.forbidden, 'Not one of your customers.', 'customerId');
    }
    return asked;
  }

  app.post(
    '/collections/promises',
    {
      preHandler: requirePermission(Permission.recordPromise),
      schema: {
        tags: ['collections'],
        body: Type.Object(
          {
            customerId: Type.Optional(Uuid),
            invoiceNumbers: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 200 }),
            amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
            date: Type.String({ maxLength: 10 }),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: PromiseView },
      },
    },
    async (request, reply) => {
      const customerId = await customerFor(request, request.body.customerId);
      const result = await recordPromise(app.db, app.events, { ...request.body, customerId }, actorLabel(request.actor!), utcDate(app.config.now()));
      const promise = orThrow(result);
      return reply.status(201).send({ ...promise, invoiceNumbers: [...promise.invoiceNumbers] });
    },
  );

  app.get(
    '/collections/promises',
    { schema: { tags: ['collections'], querystring: Type.Object({ customerId: Type.Optional(Uuid), status: Type.Optional(Type.String({ maxLength: 20 })) }), response: { 200: Type.Array(PromiseView) } } },
    async (request) => {
      const customerId = await customerFor(request, request.query.customerId);
      return (await listPromises(app.db, { customerId, ...(request.query.status ? { status: request.query.status } : {}) })).map((promise) => ({ ...promise, invoiceNumbers: [...promise.invoiceNumbers] }));
    },
  );
};

export default promisesCollectionsRoutes;
