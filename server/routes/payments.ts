/** Payments: receive (explicit allocations or oldest-due-first), list/detail, apply and unapply cash, refunds. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findCustomer } from '../customers/customer-repository.ts';
import { httpError, orThrow } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { listPayments } from '../ledger/ledger-queries.ts';
import { assertCanSee, commandContext, readScope } from '../ledger/route-context.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { Permission } from '../../shared/roles.ts';
import { Uuid } from '../../shared/schemas/common.ts';
import { ApplyCashBody, IdempotencyHeaders, NewPaymentBody, PaymentSchema, PostedSchema, RefundBody, UnapplyCashBody } from '../../shared/schemas/ledger.ts';

const paymentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const postLedger = requirePermission(Permission.postLedger);
  const byId = Type.Object({ id: Uuid });

  app.get('/payments', { schema: { tags: ['payments'], querystring: Type.Object({ customerId: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })) }, { additionalProperties: false }), response: { 200: Type.Array(PaymentSchema) } } }, async (request) => {
    return listPayments(app.db, { ...readScope(request), ...request.query });
  });

  app.get('/payments/:id', { schema: { tags: ['payments'], params: byId, response: { 200: PaymentSchema } } }, async (request) => {
    const [payment] = await listPayments(app.db, { id: request.params.id });
    if (!payment) throw httpError(ErrorCode.notFound, `No payment ${request.params.id}`, 'id');
    assertCanSee(request, await findCustomer(app.db, { id: payment.customerId }), 'payment');
    return payment;
  });

  app.post('/payments', { preHandler: postLedger, schema: { tags: ['payments'], headers: IdempotencyHeaders, body: NewPaymentBody, response: { 201: PaymentSchema } } }, async (request, reply) => {
    return reply.status(201).send(orThrow(await app.ledger.receivePayment(commandContext(request), request.body)));
  });

  app.post('/payments/:id/apply', { preHandler: postLedger, schema: { tags: ['payments'], headers: IdempotencyHeaders, params: byId, body: ApplyCashBody, response: { 201: PaymentSchema } } }, async (request, reply) => {
    return reply.status(201).send(orThrow(await app.ledger.applyCash(commandContext(request), { paymentId: request.params.id, ...request.body })));
  });

  app.post('/payments/:id/unapply', { preHandler: postLedger, schema: { tags: ['payments'], headers: IdempotencyHeaders, params: byId, body: UnapplyCashBody, response: { 201: PaymentSchema } } }, async (request, reply) => {
    return reply.status(201).send(orThrow(await app.ledger.unapplyCash(commandContext(request), { paymentId: request.params.id, ...request.body })));
  });

  app.post('/payments/:id/refunds', { preHandler: postLedger, schema: { tags: ['payments'], headers: IdempotencyHeaders, params: byId, body: RefundBody, response: { 201: PostedSchema } } }, async (request, reply) => {
    return reply.status(201).send(orThrow(await app.ledger.refund(commandContext(request), { paymentId: request.params.id, ...request.body })));
  });
};

export default paymentsRoutes;
