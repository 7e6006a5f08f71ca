/**
 * Wires collaborative sessions into the app: the share-link authenticator, `app.sync` (the sync
 * server of this instance), the `/sync/:sessionId/:doc` WebSocket route, the ledger → document
 * half of the dispute bridge, the collections → team document escalation badge, messages into
 * the shared document, and a graceful shutdown that flushes every document to SQL.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { shareLinkAuthenticator } from '../sessions/share-link-auth.ts';
import { MessageBridge } from './message-bridge.ts';
import { SyncServer } from './sync-server.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Live session documents on this instance (close sockets, register the promise recorder). */
    sync: SyncServer;
  }
}

export default fp(
  async function syncPlugin(app: FastifyInstance) {
    app.authenticators.push(shareLinkAuthenticator(app));
    const server = new SyncServer(app);
    app.decorate('sync', server);
    await server.start();

    app.get<{ Params: { sessionId: string; doc: string } }>('/sync/:sessionId/:doc', { websocket: true, schema: { hide: true } }, (socket, request) => server.handleSocket(socket, request));

    app.events.on('dispute.resolved', (event) => server.onDisputeResolved(event));
    app.events.on('escalation.created', (event) => server.onEscalationCreated(event));
    // Awaited by the route that emits it, so its answer comes once the message is in the document.
    const messages = new MessageBridge(app, server);
    app.events.on('message.posted', (event) => messages.posted(event));

    // Before the HTTP server stops: say goodbye with 1001 so providers reconnect (to another instance).
    app.addHook('preClose', async () => server.shutdown());
    app.addHook('onClose', async () => server.shutdown());
  },
  { name: 'cashlens-sync' },
);
