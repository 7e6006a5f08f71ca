/** Credit notes: reduce an invoice's open amount (Dr revenue / Cr AR). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { orThrow } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { commandContext } from '../ledger/route-context.ts';
import { Permission } from '../../shared/roles.ts';
import { CreditNoteBody, IdempotencyHeaders, PostedSchema } from '../../shared/schemas/ledger.ts';

const creditNotesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/credit-notes', { preHandler: requirePermission(Permission.postLedger), schema: { tags: ['ledger'], headers: IdempotencyHeaders, body: CreditNoteBody, response: { 201: PostedSchema } } }, async (request, reply) => {
    return reply.status(201).send(orThrow(await app.ledger.creditNote(commandContext(request), request.body)));
  });
};

export default creditNotesRoutes;
