/**
 * Typed calls behind the integrations screens: bank statement import (with upload progress) and
 * its review queue, API keys and webhook subscriptions. Amounts are integer minor units.
 */
import { api, ApiError } from './http.ts';

export interface BankImportLine {
  readonly entryId: string | null;
  readonly entryRef: string;
  readonly label: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: 'posted' | 'review' | 'duplicate';
  readonly customerRef: string | null;
  readonly allocations: readonly { readonly invoiceNumber: string; readonly amount: number }[];
  readonly reason: string;
}

export interface BankImportSummary {
  readonly statements: readonly { readonly id: string; readonly statementId: string; readonly accountIban: string; readonly currency: string }[];
  readonly posted: number;
  readonly review: number;
  readonly duplicates: number;
  readonly skipped: readonly { readonly label: string; readonly reason: string }[];
  readonly lines: readonly BankImportLine[];
}

export interface BankSuggestion {
  readonly customerRef: string;
  readonly invoiceNumber: string;
  readonly dueDate: string;
  readonly openAmount: number;
  readonly currency: string;
}

export interface BankEntry {
  readonly id: string;
  readonly entryRef: string;
  readonly bookingDate: string;
  readonly amount: number;
  readonly currency: string;
  readonly debtorName: string | null;
  readonly debtorIban: string | null;
  readonly remittance: string;
  readonly status: string;
  readonly reason: string;
  readonly suggestions: readonly BankSuggestion[];
}

export interface Allocation {
  readonly invoiceNumber: string;
  readonly amount: number;
}

export type ApiKeyScope = 'read' | 'write-ledger';

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly description: string;
  readonly active: boolean;
  readonly createdAt: string;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly event: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly replayOf: string | null;
  readonly createdAt: string;
}

/**
 * POSTs a statement file with XMLHttpRequest, because fetch reports no upload progress.
 * `onProgress(sent, total)` runs as the body goes out; the promise settles with the server's answer.
 */
export function uploadBankStatement(file: Blob, contentType: string, onProgress: (sent: number, total: number) => void): Promise<BankImportSummary> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/imports/bank-statement');
    request.withCredentials = true;
    request.setRequestHeader('content-type', contentType);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.upload.onload = () => onProgress(file.size, file.size);
    request.onerror = () => reject(new ApiError(0, 'network', 'The upload failed: no answer from the server.'));
    request.onload = () => {
      let payload: { code?: string; message?: string; field?: string } = {};
      try {
        payload = JSON.parse(request.responseText) as typeof payload;
      } catch {
        // a non-JSON answer (a proxy's error page): the status says enough
      }
      if (request.status >= 200 && request.status < 300) resolve(payload as unknown as BankImportSummary);
      else reject(new ApiError(request.status, payload.code ?? 'error', payload.message ?? request.statusText, payload.field));
    };
    request.send(file);
  });
}

export const integrationsApi = {
  reviewQueue: () => api<BankEntry[]>('/bank/review'),
  confirmEntry: (id: string, body: { customerRef: string; allocations?: readonly Allocation[] }) => api<{ entry: BankEntry }>(`/bank/review/${id}/confirm`, { body }),
  dismissEntry: (id: string, note: string) => api<BankEntry>(`/bank/review/${id}/dismiss`, { body: { note } }),
  apiKeys: () => api<ApiKey[]>('/api-keys'),
  createApiKey: (body: { name: string; scopes: readonly ApiKeyScope[] }) => api<ApiKey & { key: string }>('/api-keys', { body }),
  revokeApiKey: (id: string) => api<ApiKey>(`/api-keys/${id}`, { method: 'DELETE' }),
  webhooks: () => api<WebhookSubscription[]>('/webhooks'),
  createWebhook: (body: { url: string; events: readonly string[]; description?: string }) => api<WebhookSubscription & { secret: string }>('/webhooks', { body }),
  removeWebhook: (id: string) => api<WebhookSubscription>(`/webhooks/${id}`, { method: 'DELETE' }),
  deliveries: (subscriptionId?: string) => api<WebhookDelivery[]>(`/webhooks/deliveries?limit=50${subscriptionId ? `&subscriptionId=${subscriptionId}` : ''}`),
  replayDelivery: (id: string) => api<WebhookDelivery>(`/webhooks/deliveries/${id}/replay`, { method: 'POST' }),
};
