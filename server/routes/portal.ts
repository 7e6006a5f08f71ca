/**
 * The customer portal: what a share link may do over HTTP — read its session, and that
 * customer's invoices and statement (JSON, CSV, PDF; through `app.ledger`), and (customer links
 * only) message the team, which also shows the message live in the session's shared document.
 * Only link actors reach these routes; the share-link authenticator in turn only works on
 * `/portal/*`, `/auth/me` and `/sync/*`. Everything is scoped to the link's customer: no route
 * takes a customer from the request.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorLabel, type LinkActor } from '../auth/actor.ts';
import { httpError } from '../http/error-map.ts';
import { toSessionDto, SessionSchema } from '../sessions/session-dto.ts';
import { findSession } from '../sessions/session-repository.ts';
import { authorName, recordCustomerMessage, MAX_MESSAGE_LENGTH } from '../collections/customer-messages.ts';
import { textPdf } from '../collections/text-pdf.ts';
import { buildStatement, statementCsv, statementLines } from '../../shared/collections/statement.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { LinkRole } from '../../shared/roles.ts';
import { utcDate } from '../../shared/time/dates.ts';
import { productFor } from '../../shared/products/product-for.ts';
import { loadModelCatalog } from '../models/model-catalog.ts';
import { ProductSchema } from './models.ts';

const PortalInvoice = Type.Object({
  number: Type.String(),
  currency: Type.String(),
  issueDate: Type.String(),
  dueDate: Type.String(),
  amount: Type.Integer(),
  openAmount: Type.Integer(),
  status: Type.String(),
  disputed: Type.Boolean(),
});

const PortalSession = Type.Intersect([SessionSchema, Type.Object({ role: Type.Union([Type.Literal('customer'), Type.Literal('viewer')]) })]);

const Statement = Type.Object({
  customerRef: Type.String(),
  customerName: Type.String(),
  asOf: Type.String(),
  balances: Type.Array(Type.Object({ currency: Type.String(), open: Type.Integer(), overdue: Type.Integer() })),
  invoices: Type.Array(PortalInvoice),
});

function requireLink(request: FastifyRequest): LinkActor {
  const actor = request.actor;
  if (!actor) throw httpError(ErrorCode.unauthenticated, 'This needs a share-link token.');
  if (actor.kind !== 'link') throw httpError(ErrorCode.forbidden, 'The portal is for share links; staff use the workspace.');
  return actor;
}

const portalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function invoicesOf(actor: LinkActor, openOnly = false) {
    if (!app.hasDecorator('ledger')) return [];
    const invoices = await app.ledger.listCustomerInvoices(actor.customerId, openOnly ? { openOnly: true } : {});
    return invoices
      .filter((invoice) => invoice.status !== 'draft' && invoice.status !== 'void')
      .map((invoice) => ({
        number: invoice.number,
        currency: invoice.currency,
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        amount: invoice.amount,
        openAmount: invoice.openAmount,
        status: invoice.status,
        disputed: invoice.openDisputeId !== null,
      }));
  }

  app.get('/portal/session', { schema: { tags: ['portal'], response: { 200: PortalSession } } }, async (request) => {
    const actor = requireLink(request);
    const session = await findSession(app.db, actor.sessionId);
    if (!session) throw httpError(ErrorCode.notFound, 'No such session.');
    return { ...toSessionDto(session), role: actor.role };
  });

  // The product the staff see in this customer's sessions (the same rule), for the link's 3D view and its hotspots.
  const catalog = loadModelCatalog(app.config.assetsDir);
  app.get('/portal/products', { schema: { tags: ['portal'], description: "The link's customer's product model with its hotspots (none or one)", response: { 200: Type.Array(ProductSchema) } } }, async (request) => {
    const actor = requireLink(request);
    const session = await findSession(app.db, actor.sessionId);
    if (!session) throw httpError(ErrorCode.notFound, 'No such session.');
    const product = productFor(toSessionDto(session).customerRef, catalog.products);
    return (product ? [product] : []) as Static<typeof ProductSchema>[];
  });

  app.get('/portal/invoices', { schema: { tags: ['portal'], response: { 200: Type.Array(PortalInvoice) } } }, async (request) => invoicesOf(requireLink(request)));

  /** Every invoice the customer may see, open and paid, in statement order. */
  async function statementOf(actor: LinkActor) {
    const session = await findSession(app.db, actor.sessionId);
    if (!session) throw httpError(ErrorCode.notFound, 'No such session.');
    return buildStatement({ ref: session.customerRef, name: session.customerName ?? session.customerRef }, await invoicesOf(actor), utcDate(app.config.now()));
  }
  const fileName = (ref: string, asOf: string, extension: string) => `statement-${ref.replace(/[^A-Za-z0-9._-]+/g, '_')}-${asOf}.${extension}`;

  app.get('/portal/statement.csv', { schema: { tags: ['portal'], produces: ['text/csv'] } }, async (request, reply) => {
    const statement = await statementOf(requireLink(request));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(statement.customerRef, statement.asOf, 'csv')}"`)
      .header('cache-control', 'no-store')
      .send(statementCsv(statement));
  });

  app.get('/portal/statement.pdf', { schema: { tags: ['portal'], produces: ['application/pdf'] } }, async (request, reply) => {
    const statement = await statementOf(requireLink(request));
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${fileName(statement.customerRef, statement.asOf, 'pdf')}"`)
      .header('cache-control', 'no-store')
      .send(textPdf(`Statement ${statement.customerRef} ${statement.asOf}`, statementLines(statement)));
  });

  app.post(
    '/portal/messages',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['portal'],
        body: Type.Object({ body: Type.String({ minLength: 1, maxLength: MAX_MESSAGE_LENGTH, description: 'The message to the team, plain text' }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ received: Type.Literal(true), at: Type.String() }) },
      },
    },
    async (request, reply) => {
      const actor = requireLink(request);
      if (actor.role !== LinkRole.customer) throw httpError(ErrorCode.forbidden, 'A viewer link cannot message the team.');
      const body = request.body.body.trim();
      if (body.length === 0) throw httpError(ErrorCode.validation, 'The message is empty.', 'body');
      const now = app.config.now();
      const stored = await recordCustomerMessage(app.db, { customerId: actor.customerId, sessionId: actor.sessionId, from: actorLabel(actor), body }, now);
      // Into the session's shared document before answering, so the sender's own view has it.
      await app.events.emit('message.posted', { messageId: stored.messageId, sessionId: actor.sessionId, customerId: actor.customerId, from: 'customer', author: authorName(actor.name, 'Customer'), body, at: now.toISOString(), taskId: stored.taskId });
      return reply.code(201).send({ received: true, at: now.toISOString() });
    },
  );

  app.get('/portal/statement', { schema: { tags: ['portal'], response: { 200: Statement } } }, async (request) => {
    const actor = requireLink(request);
    const session = await findSession(app.db, actor.sessionId);
    if (!session) throw httpError(ErrorCode.notFound, 'No such session.');
    const asOf = app.config.now().toISOString().slice(0, 10);
    const open = await invoicesOf(actor, true);
    const balances = new Map<string, { open: number; overdue: number }>();
    for (const invoice of open) {
      const balance = balances.get(invoice.currency) ?? { open: 0, overdue: 0 };
      balance.open += invoice.openAmount;
      if (invoice.dueDate < asOf) balance.overdue += invoice.openAmount;
      balances.set(invoice.currency, balance);
    }
    return {
      customerRef: session.customerRef,
      customerName: session.customerName,
      asOf,
      balances: [...balances].map(([currency, balance]) => ({ currency, ...balance })),
      invoices: open,
    };
  });
};

export default portalRoutes;
