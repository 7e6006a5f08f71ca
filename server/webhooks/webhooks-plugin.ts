/**
 * Webhooks wiring: every subscribable domain event is written to the outbox (one row per
 * subscription) by an in-transaction writer of the event bus, in the same transaction as the
 * ledger posting that raised it, and the dispatcher delivers it.
 * Decorates `app.webhooks`; the dispatcher stops when the app closes, before the database does.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DomainEventName } from '../events/domain-events.ts';
import { webhookEvents, type WebhookEvent } from '../../shared/webhooks/webhook-events.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';
import { enqueueEvents, subscribedEvents } from './webhook-repository.ts';

/** How long another instance's new subscription may go unnoticed here. */
const SUBSCRIPTION_CACHE_MS = 5_000;

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhookDispatcher;
    /** Call after creating or deactivating a subscription: drops the cached set of subscribed events. */
    webhookSubscriptionsChanged: () => void;
  }
}

// Does not compile unless every webhook event is a domain event the bus carries.
const subscribable: readonly (WebhookEvent & DomainEventName)[] = webhookEvents;

export default fp(async function webhooks(app: FastifyInstance) {
  const dispatcher = new WebhookDispatcher({ db: app.db, now: app.config.now, log: app.log, settings: { ...app.config.webhookDelivery, allowPrivateTargets: app.config.webhookAllowPrivateTargets } });
  app.decorate('webhooks', dispatcher);

  // A bulk import emits an event per invoice: without a subscriber for it, write nothing.
  // Only settled sets are shared: a writer inside a ledger transaction refreshes with that
  // transaction and never waits on another connection's query (PGlite has one connection).
  let cache: { readonly at: number; readonly events: Set<string> } | undefined;
  // A refresh that started before a change must not store the set from before it.
  let generation = 0;
  const wanted = async (name: string, db = app.db) => {
    while (!cache || Date.now() - cache.at > SUBSCRIPTION_CACHE_MS) {
      const started = generation;
      const events = await subscribedEvents(db);
      if (started === generation) cache = { at: Date.now(), events };
    }
    return cache.events.has(name);
  };
  app.decorate('webhookSubscriptionsChanged', () => {
    generation++;
    cache = undefined;
  });

  // The outbox rows are written inside the ledger's transaction (exist iff the posting
  // committed); the dispatcher is kicked after commit, when they become visible.
  for (const name of subscribable) {
    app.events.onWrite(name, app.db, async (db, payloads) => {
      if (!(await wanted(name, db))) return;
      const now = app.config.now();
      await enqueueEvents(db, payloads.map((data) => ({ id: randomUUID(), type: name, createdAt: now.toISOString(), data })), now);
    });
    app.events.on(name, async () => {
      if (await wanted(name)) dispatcher.kick();
    });
  }

  app.addHook('onReady', async () => dispatcher.start());
  app.addHook('onClose', async () => dispatcher.stop());
});
