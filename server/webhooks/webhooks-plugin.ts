/**
 * Webhooks wiring: every subscribable domain event is written to the outbox (one row per
 * subscription) when the ledger or collections announce it, and the dispatcher delivers it.
 * Decorates `app.webhooks`; the dispatcher stops when the app closes, before the database does.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DomainEventName } from '../events/domain-events.ts';
import { webhookEvents, type WebhookEvent } from '../../shared/webhooks/webhook-events.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';
import { enqueueEvent, subscribedEvents } from './webhook-repository.ts';

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
  const dispatcher = new WebhookDispatcher({ db: app.db, now: app.config.now, log: app.log, settings: app.config.webhookDelivery });
  app.decorate('webhooks', dispatcher);

  // A bulk import emits an event per invoice: without a subscriber for it, write nothing.
  let cache: { readonly at: number; readonly events: Promise<Set<string>> } | undefined;
  const wanted = (name: string) => {
    if (!cache || Date.now() - cache.at > SUBSCRIPTION_CACHE_MS) cache = { at: Date.now(), events: subscribedEvents(app.db) };
    return cache.events.then((events) => events.has(name));
  };
  app.decorate('webhookSubscriptionsChanged', () => {
    cache = undefined;
  });

  for (const name of subscribable) {
    app.events.on(name, async (data) => {
      if (!(await wanted(name))) return;
      const now = app.config.now();
      const queued = await enqueueEvent(app.db, { id: randomUUID(), type: name, createdAt: now.toISOString(), data }, now);
      if (queued > 0) dispatcher.kick();
    });
  }

  app.addHook('onReady', async () => dispatcher.start());
  app.addHook('onClose', async () => dispatcher.stop());
});
