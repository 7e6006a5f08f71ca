/** The journal itself: entries, the trial balance with the invariants, and reversals of any transaction. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { orThrow } from '../http/error-map.ts';
import { requirePermission, staffRoleIn } from '../plugins/auth.ts';
import { journalEntries } from '../ledger/ledger-queries.ts';
import { commandContext } from '../ledger/route-context.ts';
import { trialBalance } from '../ledger/trial-balance.ts';
import { Permission } from '../../shared/roles.ts';
import { EntriesQuery, IdempotencyHeaders, JournalEntrySchema, PostedSchema, ReversalBody, TrialBalanceSchema } from '../../shared/schemas/ledger.ts';

const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The journal spans every customer, so it is for finance and admin only.
  const financeOnly = staffRoleIn('finance', 'admin');

  app.get('/ledger/entries', { preHandler: financeOnly, schema: { tags: ['ledger'], querystring: EntriesQuery, response: { 200: Type.Array(JournalEntrySchema) } } }, async (request) => {
    const query = request.query;
    let invoiceId: string | undefined;
    if (query.invoice !== undefined) invoiceId = (await app.db.selectFrom('invoices').select('id').where('number', '=', query.invoice).executeTakeFirst())?.id ?? '00000000-0000-0000-0000-000000000000';
    return journalEntries(app.db, {
      limit: query.limit ?? 500,
      ...(query.customerId ? { customerId: query.customerId } : {}),
      ...(invoiceId ? { invoiceId } : {}),
      ...(query.transactionId ? { transactionId: query.transactionId } : {}),
      ...(query.account ? { account: query.account } : {}),
      ...(query.before ? { beforeId: BigInt(query.before) } : {}),
    });
  });

  app.get('/ledger/trial-balance', { preHandler: financeOnly, schema: { tags: ['ledger'], response: { 200: TrialBalanceSchema } } }, async () => trialBalance(app.db));

  app.post('/ledger/reversals', { preHandler: requirePermission(Permission.postLedger), schema: { tags: ['ledger'], headers: IdempotencyHeaders, body: ReversalBody, response: { 201: PostedSchema } } }, async (request, reply) => {
    return reply.status(201).send(orThrow(await app.ledger.reverse(commandContext(request), request.body)));
  });
};

export default ledgerRoutes;
