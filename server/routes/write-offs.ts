/** Write-offs: give up on (part of) an invoice (Dr write-off expense / Cr AR); default the whole open amount. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { orThrow } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { commandContext } from '../ledger/route-context.ts';
import { Permission } from '../../shared/roles.ts';
import { IdempotencyHeaders, PostedSchema, WriteOffBody } from '../../shared/schemas/ledger.ts';

const writeOffsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/write-offs', { preHandler: requirePermission(Permission.postLedger), schema: { tags: ['ledger'], headers: IdempotencyHeaders, body: WriteOffBody, response: { 201: PostedSchema } } }, async (request, reply) => {
    return reply.status(201).send(orThrow(await app.ledger.writeOff(commandContext(request), request.body)));
  });
};

export default writeOffsRoutes;
