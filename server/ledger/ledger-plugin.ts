/** Decorates `app.ledger` (LedgerApi and the extra commands) for routes, imports, sync and seed. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LedgerCommands } from './ledger-api.ts';
import { createLedger } from './ledger-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    ledger: LedgerCommands;
  }
}

export default fp(async function ledger(app: FastifyInstance) {
  app.decorate('ledger', createLedger({ db: app.db, events: app.events, now: app.config.now, log: app.log, singleConnection: app.dbKind === 'pglite' }));
});
