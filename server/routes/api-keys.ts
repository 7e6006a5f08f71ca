/** `/api/v1/api-keys`: admins create, list and revoke keys for machine clients. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorLabel } from '../auth/actor.ts';
import { ApiKeyScope, createApiKey, listApiKeys, revokeApiKey } from '../api-keys/api-keys.ts';
import { httpError } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { Permission } from '../../shared/roles.ts';
import { Uuid } from '../../shared/schemas/common.ts';

const Scope = Type.Enum(ApiKeyScope);

const ApiKeySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'First characters of the key, to tell keys apart' }),
  scopes: Type.Array(Scope),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const NewApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: 2, description: '`read`: GET only; `write-ledger`: also post payments and other ledger commands' }),
  },
  { additionalProperties: false },
);

const apiKeysRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = requirePermission(Permission.manageIntegrations);

  app.get('/api-keys', { preHandler: adminOnly, schema: { tags: ['api-keys'], response: { 200: Type.Array(ApiKeySchema) } } }, async () => listApiKeys(app.db));

  app.post(
    '/api-keys',
    {
      preHandler: adminOnly,
      schema: {
        tags: ['api-keys'],
        description: 'Creates a key. The key itself is in this response only; send it as `Authorization: Bearer <key>`.',
        body: NewApiKeyBody,
        response: { 201: Type.Intersect([ApiKeySchema, Type.Object({ key: Type.String() })]) },
      },
    },
    async (request, reply) => {
      const { key, record } = await createApiKey(app.db, { ...request.body, createdBy: actorLabel(request.actor!) });
      return reply.status(201).send({ ...record, key });
    },
  );

  app.delete(
    '/api-keys/:id',
    { preHandler: adminOnly, schema: { tags: ['api-keys'], description: 'Revokes the key at once.', params: Type.Object({ id: Uuid }), response: { 200: ApiKeySchema } } },
    async (request) => {
      const record = await revokeApiKey(app.db, request.params.id, app.config.now());
      if (!record) throw httpError(ErrorCode.notFound, `No API key ${request.params.id}.`, 'id');
      return record;
    },
  );
};

export default apiKeysRoutes;
