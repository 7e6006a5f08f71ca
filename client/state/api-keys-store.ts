/** API keys for machine clients: the list, and the secret of a key just created (shown once). */
import { create } from 'zustand';
import { integrationsApi, type ApiKey, type ApiKeyScope } from '../api/integrations-api.ts';

interface ApiKeysState {
  readonly keys: readonly ApiKey[] | null;
  /** The full key of the one just created; cleared when dismissed or another is made. */
  readonly revealed: { readonly id: string; readonly name: string; readonly key: string } | null;
  readonly error: string | null;
  load(): Promise<void>;
  create(name: string, scopes: readonly ApiKeyScope[]): Promise<void>;
  revoke(id: string): Promise<void>;
  forgetRevealed(): void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useApiKeysStore = create<ApiKeysState>()((set, get) => ({
  keys: null,
  revealed: null,
  error: null,
  async load() {
    try {
      set({ keys: await integrationsApi.apiKeys(), error: null });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async create(name, scopes) {
    set({ revealed: null, error: null });
    try {
      const { key, ...record } = await integrationsApi.createApiKey({ name, scopes });
      set({ revealed: { id: record.id, name: record.name, key }, keys: [...(get().keys ?? []), record] });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async revoke(id) {
    try {
      const revoked = await integrationsApi.revokeApiKey(id);
      set({ keys: (get().keys ?? []).map((key) => (key.id === id ? revoked : key)), error: null, revealed: get().revealed?.id === id ? null : get().revealed });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  forgetRevealed() {
    set({ revealed: null });
  },
}));
