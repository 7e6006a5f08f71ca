/** Disputes: the finance queue, detail with comments, open (sales may), comment, resolve (finance/admin). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { httpError, orThrow } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { disputeComments, listDisputes, listInvoiceViews } from '../ledger/ledger-queries.ts';
import { assertCanSee, commandContext, readScope } from '../ledger/route-context.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { Permission } from '../../shared/roles.ts';
import { Uuid } from '../../shared/schemas/common.ts';
import { CommentBody, CommentSchema, DisputeQuery, DisputeSchema, NewDisputeBody, ResolveDisputeBody } from '../../shared/schemas/disputes.ts';
import { IdempotencyHeaders, InvoiceSchema } from '../../shared/schemas/ledger.ts';

const DisputeDetail = Type.Intersect([DisputeSchema, Type.Object({ invoice: InvoiceSchema, comments: Type.Array(CommentSchema) })]);

const disputesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const byId = Type.Object({ id: Uuid });
  const ownerOf = (customerId: string) => app.db.selectFrom('customers').select('sales_owner_id').where('id', '=', customerId).executeTakeFirst();

  const findVisible = async (request: FastifyRequest, id: string) => {
    const [dispute] = await listDisputes(app.db, { id });
    if (!dispute) throw httpError(ErrorCode.notFound, `No dispute ${id}`, 'id');
    assertCanSee(request, await ownerOf(dispute.customerId), 'dispute');
    return dispute;
  };

  app.get('/disputes', { schema: { tags: ['disputes'], querystring: DisputeQuery, response: { 200: Type.Array(DisputeSchema) } } }, async (request) => {
    return listDisputes(app.db, { ...readScope(request), ...request.query });
  });

  app.get('/disputes/:id', { schema: { tags: ['disputes'], params: byId, response: { 200: DisputeDetail } } }, async (request) => {
    const dispute = await findVisible(request, request.params.id);
    const [[invoice], comments] = await Promise.all([listInvoiceViews(app.db, { number: dispute.invoiceNumber }), disputeComments(app.db, dispute.id)]);
    return { ...dispute, invoice: invoice!, comments };
  });

  app.post('/disputes', { preHandler: requirePermission(Permission.openDispute), schema: { tags: ['disputes'], headers: IdempotencyHeaders, body: NewDisputeBody, response: { 201: DisputeSchema } } }, async (request, reply) => {
    const [invoice] = await listInvoiceViews(app.db, { number: request.body.invoiceNumber });
    if (!invoice) throw httpError(ErrorCode.notFound, `No invoice ${request.body.invoiceNumber}`, 'invoiceNumber');
    assertCanSee(request, await ownerOf(invoice.customerId), 'invoice');
    return reply.status(201).send(orThrow(await app.ledger.openDispute(commandContext(request), request.body)));
  });

  app.post('/disputes/:id/comments', { preHandler: requirePermission(Permission.commentDispute), schema: { tags: ['disputes'], headers: IdempotencyHeaders, params: byId, body: CommentBody, response: { 201: CommentSchema } } }, async (request, reply) => {
    await findVisible(request, request.params.id);
    return reply.status(201).send(orThrow(await app.ledger.commentDispute(commandContext(request), request.params.id, request.body.body)));
  });

  app.post('/disputes/:id/resolve', { preHandler: requirePermission(Permission.resolveDispute), schema: { tags: ['disputes'], headers: IdempotencyHeaders, params: byId, body: ResolveDisputeBody, response: { 200: DisputeSchema } } }, async (request) => {
    return orThrow(await app.ledger.resolveDispute(commandContext(request), request.params.id, request.body));
  });
};

export default disputesRoutes;
