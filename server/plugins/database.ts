/**
 * Opens the database (PGlite or PostgreSQL), runs pending migrations, and closes it when the
 * app closes. Decorates `app.db` and `app.dbKind`.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { openDatabase, type Database, type DatabaseKind } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import type { DB } from '../db/schema.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
    dbKind: DatabaseKind;
  }
}

export default fp(async function database(app: FastifyInstance, options: { database?: Database }) {
  const database = options.database ?? (await openDatabase(app.config));
  const applied = await migrate(database.db);
  if (applied.length > 0) app.log.info({ migrations: applied }, 'migrations applied');
  app.decorate('db', database.db);
  app.decorate('dbKind', database.kind);
  // Registered first, so Fastify closes it last: after every plugin that flushes into it.
  app.addHook('onClose', async () => {
    if (!options.database) await database.close();
  });
});
