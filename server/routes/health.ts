import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'kysely';

const Health = Type.Object({ status: Type.Literal('ok'), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]), redis: Type.Boolean() });

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { config: { public: true }, schema: { tags: ['system'], response: { 200: Health } } }, async () => {
    await sql`select 1`.execute(app.db);
    return { status: 'ok' as const, database: app.dbKind, redis: app.redisConnected() };
  });
};

export default health;
