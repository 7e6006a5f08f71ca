/** Webhook subscriptions and their delivery log; the signing secret of a new one is shown once. */
import { create } from 'zustand';
import { integrationsApi, type WebhookDelivery, type WebhookSubscription } from '../api/integrations-api.ts';

interface WebhooksState {
  readonly subscriptions: readonly WebhookSubscription[] | null;
  readonly deliveries: readonly WebhookDelivery[] | null;
  readonly revealed: { readonly id: string; readonly url: string; readonly secret: string } | null;
  readonly error: string | null;
  /** The field the server named in its last refusal (`url`, `events`). */
  readonly errorField: string | null;
  load(): Promise<void>;
  create(url: string, events: readonly string[], description: string): Promise<boolean>;
  remove(id: string): Promise<void>;
  replay(deliveryId: string): Promise<void>;
  forgetRevealed(): void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const fieldOf = (error: unknown) => (error && typeof error === 'object' && 'field' in error && typeof error.field === 'string' ? error.field : null);

export const useWebhooksStore = create<WebhooksState>()((set, get) => ({
  subscriptions: null,
  deliveries: null,
  revealed: null,
  error: null,
  errorField: null,
  async load() {
    try {
      const [subscriptions, deliveries] = await Promise.all([integrationsApi.webhooks(), integrationsApi.deliveries()]);
      set({ subscriptions, deliveries, error: null, errorField: null });
    } catch (error) {
      set({ error: message(error), errorField: null });
    }
  },
  async create(url, events, description) {
    set({ revealed: null, error: null, errorField: null });
    try {
      const { secret, ...record } = await integrationsApi.createWebhook({ url, events, ...(description ? { description } : {}) });
      set({ revealed: { id: record.id, url: record.url, secret }, subscriptions: [...(get().subscriptions ?? []), record] });
      return true;
    } catch (error) {
      set({ error: message(error), errorField: fieldOf(error) });
      return false;
    }
  },
  async remove(id) {
    try {
      const removed = await integrationsApi.removeWebhook(id);
      set({ subscriptions: (get().subscriptions ?? []).map((s) => (s.id === id ? removed : s)), error: null, errorField: null });
    } catch (error) {
      set({ error: message(error), errorField: fieldOf(error) });
    }
  },
  async replay(deliveryId) {
    try {
      await integrationsApi.replayDelivery(deliveryId);
      set({ deliveries: await integrationsApi.deliveries(), error: null, errorField: null });
    } catch (error) {
      set({ error: message(error), errorField: fieldOf(error) });
    }
  },
  forgetRevealed() {
    set({ revealed: null });
  },
}));
