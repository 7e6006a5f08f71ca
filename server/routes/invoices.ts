/** Invoices: list with filters, detail (lines, payments, disputes, timeline, audit), issue. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findCustomer } from '../customers/customer-repository.ts';
import { httpError, orThrow } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { auditTrail, invoiceLines, invoiceMovements, listDisputes, listInvoiceViews, listPayments } from '../ledger/ledger-queries.ts';
import { assertCanSee, commandContext, readScope } from '../ledger/route-context.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { Permission } from '../../shared/roles.ts';
import { DisputeSchema } from '../../shared/schemas/disputes.ts';
import { AuditEntrySchema, IdempotencyHeaders, InvoiceNumber, InvoiceQuery, InvoiceSchema, MovementSchema, NewInvoiceBody, PaymentSchema } from '../../shared/schemas/ledger.ts';
import { utcDate } from '../../shared/time/dates.ts';

const InvoiceDetail = Type.Intersect([
  InvoiceSchema,
  Type.Object({
    lines: Type.Array(Type.Object({ description: Type.String(), quantity: Type.Integer(), unitPrice: Type.Integer(), tax: Type.Integer(), amount: Type.Integer() })),
    payments: Type.Array(PaymentSchema),
    disputes: Type.Array(DisputeSchema),
    timeline: Type.Array(MovementSchema),
    audit: Type.Array(AuditEntrySchema),
  }),
]);

const invoicesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/invoices', { schema: { tags: ['invoices'], querystring: InvoiceQuery, response: { 200: Type.Array(InvoiceSchema) } } }, async (request) => {
    const scope = readScope(request);
    const query = request.query;
    let customerId = query.customerId;
    if (query.customer !== undefined) {
      const customer = await findCustomer(app.db, { ref: query.customer });
      if (!customer) return [];
      customerId = customer.id;
    }
    return listInvoiceViews(app.db, {
      ...scope,
      ...(customerId === undefined ? {} : { customerId }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.overdue ? { overdueAsOf: query.asOf ?? utcDate(app.config.now()) } : {}),
      ...(query.disputed === undefined ? {} : { disputed: query.disputed }),
      limit: query.limit ?? 1000,
      offset: query.offset ?? 0,
    });
  });

  app.get('/invoices/:number', { schema: { tags: ['invoices'], params: Type.Object({ number: InvoiceNumber }), response: { 200: InvoiceDetail } } }, async (request) => {
    const [invoice] = await listInvoiceViews(app.db, { number: request.params.number });
    if (!invoice) throw httpError(ErrorCode.notFound, `No invoice ${request.params.number}`, 'number');
    assertCanSee(request, await findCustomer(app.db, { id: invoice.customerId }), 'invoice');
    const [lines, payments, disputes, timeline, audit] = await Promise.all([
      invoiceLines(app.db, invoice.id), listPayments(app.db, { invoiceId: invoice.id }), listDisputes(app.db, { invoiceId: invoice.id }), invoiceMovements(app.db, invoice.id), auditTrail(app.db, { invoiceId: invoice.id }),
    ]);
    return { ...invoice, lines, payments, disputes, timeline, audit };
  });

  app.post('/invoices', { preHandler: requirePermission(Permission.postLedger), schema: { tags: ['invoices'], headers: IdempotencyHeaders, body: NewInvoiceBody, response: { 201: InvoiceSchema } } }, async (request, reply) => {
    return reply.status(201).send(orThrow(await app.ledger.issueInvoice(commandContext(request), request.body)));
  });
};

export default invoicesRoutes;
