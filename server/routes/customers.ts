/** Customers: list with balances and risk, detail with statement and activity, create/update; promises to pay. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findCustomer, insertCustomer, listCustomers, recordCustomerAudit, updateCustomer } from '../customers/customer-repository.ts';
import { httpError, orThrow } from '../http/error-map.ts';
import { actorLabel } from '../auth/actor.ts';
import { requirePermission } from '../plugins/auth.ts';
import { auditTrail, listInvoiceViews, listPayments } from '../ledger/ledger-queries.ts';
import { recordPromise } from '../collections/promise-service.ts';
import { assertCanSee, readScope } from '../ledger/route-context.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { isCurrency } from '../../shared/money/currency.ts';
import { Permission } from '../../shared/roles.ts';
import { Uuid } from '../../shared/schemas/common.ts';
import { CustomerChangesBody, CustomerDetailSchema, CustomerSummarySchema, NewCustomerBody, PromiseBody, PromiseSchema } from '../../shared/schemas/customers.ts';
import { utcDate } from '../../shared/time/dates.ts';

const customersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const today = () => utcDate(app.config.now());
  const postLedger = requirePermission(Permission.postLedger);

  app.get('/customers', { schema: { tags: ['customers'], response: { 200: Type.Array(CustomerSummarySchema) } } }, async (request) => {
    return (await listCustomers(app.db, today(), readScope(request))).map(({ contacts: _contacts, ...summary }) => summary);
  });

  const detail = async (id: string, asOf: string) => {
    const [customer] = await listCustomers(app.db, asOf, { id });
    if (!customer) throw httpError(ErrorCode.notFound, `No customer ${id}`, 'id');
    const [invoices, payments, activity] = await Promise.all([listInvoiceViews(app.db, { customerId: id, limit: 1000 }), listPayments(app.db, { customerId: id, limit: 200 }), auditTrail(app.db, { customerId: id })]);
    return { ...customer, statement: { asOf, invoices, payments }, activity };
  };

  app.get('/customers/:id', { schema: { tags: ['customers'], params: Type.Object({ id: Uuid }), response: { 200: CustomerDetailSchema } } }, async (request) => {
    assertCanSee(request, await findCustomer(app.db, { id: request.params.id }));
    return detail(request.params.id, today());
  });

  app.post('/customers', { preHandler: postLedger, schema: { tags: ['customers'], body: NewCustomerBody, response: { 201: CustomerDetailSchema } } }, async (request, reply) => {
    const body = request.body;
    if (!isCurrency(body.currency)) throw httpError(ErrorCode.unknownCurrency, `Unknown currency "${body.currency}"`, 'currency');
    if (await findCustomer(app.db, { ref: body.ref })) throw httpError(ErrorCode.conflict, `Customer ${body.ref} already exists`, 'ref');
    if (body.salesOwnerId && !(await app.db.selectFrom('users').select('id').where('id', '=', body.salesOwnerId).where('role', '=', 'sales').executeTakeFirst())) throw httpError(ErrorCode.validation, 'salesOwnerId is not a sales user', 'salesOwnerId');
    const id = await insertCustomer(app.db, body);
    await recordCustomerAudit(app.db, { actor: actorLabel(request.actor!), requestId: request.id, command: 'createCustomer', customerId: id, details: { ...body } });
    return reply.status(201).send(await detail(id, today()));
  });

  app.patch('/customers/:id', { preHandler: postLedger, schema: { tags: ['customers'], params: Type.Object({ id: Uuid }), body: CustomerChangesBody, response: { 200: CustomerDetailSchema } } }, async (request) => {
    if (request.body.salesOwnerId && !(await app.db.selectFrom('users').select('id').where('id', '=', request.body.salesOwnerId).where('role', '=', 'sales').executeTakeFirst())) throw httpError(ErrorCode.validation, 'salesOwnerId is not a sales user', 'salesOwnerId');
    if (!(await updateCustomer(app.db, request.params.id, request.body))) throw httpError(ErrorCode.notFound, `No customer ${request.params.id}`, 'id');
    await recordCustomerAudit(app.db, { actor: actorLabel(request.actor!), requestId: request.id, command: 'updateCustomer', customerId: request.params.id, details: { ...request.body } });
    return detail(request.params.id, today());
  });

  app.post('/promises', { preHandler: requirePermission(Permission.recordPromise), schema: { tags: ['customers'], body: PromiseBody, response: { 201: PromiseSchema } } }, async (request, reply) => {
    const customer = await findCustomer(app.db, { ref: request.body.customerRef });
    if (!customer) throw httpError(ErrorCode.notFound, `No customer ${request.body.customerRef}`, 'customerRef');
    assertCanSee(request, customer);
    const { customerRef: _customerRef, ...promiseInput } = request.body;
    // One recorder for the API, session documents and customer links: validation, kept/broken tracking and the event.
    const promise = orThrow(await recordPromise(app.db, app.events, { ...promiseInput, customerId: customer.id }, actorLabel(request.actor!), today()));
    return reply.status(201).send({ ...promise, invoiceNumbers: [...promise.invoiceNumbers] });
  });
};

export default customersRoutes;
