/**
 * The customer portal: what a share link may read over HTTP — its session, and that customer's
 * invoices and statement (through `app.ledger`). Only link actors reach these routes; the
 * share-link authenticator in turn only works on `/portal/*`, `/auth/me` and `/sync/*`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { LinkActor } from '../auth/actor.ts';
import { httpError } from '../http/error-map.ts';
import { toSessionDto, SessionSchema } from '../sessions/session-dto.ts';
import { findSession } from '../sessions/session-repository.ts';
import { ErrorCode } from '../../shared/errors.ts';

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

  app.get('/portal/invoices', { schema: { tags: ['portal'], response: { 200: Type.Array(PortalInvoice) } } }, async (request) => invoicesOf(requireLink(request)));

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
