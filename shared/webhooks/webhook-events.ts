/**
 * The events a webhook subscription may ask for, and the backoff between delivery attempts.
 * The envelope every delivery carries: `{ id, type, createdAt, data }`; `id` is the same for
 * every subscription and every retry or replay of one event, so receivers can deduplicate.
 */
export const WebhookEvent = {
  invoiceCreated: 'invoice.created',
  paymentReceived: 'payment.received',
  disputeOpened: 'dispute.opened',
  disputeResolved: 'dispute.resolved',
  promiseBroken: 'promise.broken',
  customerOnHold: 'customer.on_hold',
  escalationCreated: 'escalation.created',
} as const;
export type WebhookEvent = (typeof WebhookEvent)[keyof typeof WebhookEvent];
export const webhookEvents: readonly WebhookEvent[] = Object.values(WebhookEvent);

export interface WebhookEnvelope {
  readonly id: string;
  readonly type: WebhookEvent;
  readonly createdAt: string;
  readonly data: unknown;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failed ones (1-based): base · 2^(attempt−1),
 * capped; undefined when no attempt is left and the delivery is marked failed.
 */
export function nextRetryDelayMs(attempt: number, policy: RetryPolicy): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}
