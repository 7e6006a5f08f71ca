/**
 * The delivery loop inside the server: claims due outbox rows, POSTs each signed envelope with a
 * timeout (to public addresses only, unless private targets are allowed), logs the attempt, and
 * schedules a retry with exponential backoff or marks the delivery failed. It runs beside request
 * handling and never inside a ledger transaction, so a slow or failing receiver delays only its
 * own deliveries. `stop()` (on app close) aborts requests in
 * flight; their rows keep their lease and are retried after restart.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { SIGNATURE_HEADER, signWebhook } from '../../shared/webhooks/signature.ts';
import { nextRetryDelayMs, type RetryPolicy } from '../../shared/webhooks/webhook-events.ts';
import { postWebhook } from './webhook-post.ts';
import { claimDueDeliveries, nextDueAt, recordAttempt, type ClaimedDelivery } from './webhook-repository.ts';

export interface DispatcherSettings extends RetryPolicy {
  readonly timeoutMs: number;
  /** Longest sleep between looks at the outbox (rows due from other instances, expired leases). */
  readonly pollMs: number;
  /** Deliver to loopback/private/link-local hosts too (config `webhookAllowPrivateTargets`). */
  readonly allowPrivateTargets: boolean;
}

export interface DispatcherDeps {
  readonly db: Kysely<DB>;
  readonly now: () => Date;
  readonly log: FastifyBaseLogger;
  readonly settings: DispatcherSettings;
}

/** Attempts in flight at once; a slow receiver occupies one slot until its timeout. */
const MAX_IN_FLIGHT = 16;
const MAX_ERROR_LENGTH = 500;

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopController = new AbortController();

  constructor(private readonly deps: DispatcherDeps) {}

  start(): void {
    this.schedule(0);
  }

  /** Something was enqueued: look at the outbox now rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopController.abort();
    await this.running;
    await Promise.all(this.inFlight);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * Claims as many due rows as there is room for and starts their attempts without waiting for
   * them: a receiver that hangs until the timeout holds one slot, not the others' retries.
   * Each finished attempt kicks the loop again.
   */
  private async tick(): Promise<void> {
    let wait = this.deps.settings.pollMs;
    try {
      const room = MAX_IN_FLIGHT - this.inFlight.size;
      if (room > 0) {
        const claimed = await claimDueDeliveries(this.deps.db, this.deps.now(), this.deps.settings.timeoutMs * 2, room);
        for (const delivery of claimed) {
          const attempt: Promise<void> = this.attempt(delivery)
            .catch((error: unknown) => this.deps.log.error({ err: error, delivery: delivery.id }, 'webhook attempt could not be recorded'))
            .finally(() => {
              this.inFlight.delete(attempt);
              this.kick();
            });
          this.inFlight.add(attempt);
        }
        if (claimed.length === room && this.inFlight.size < MAX_IN_FLIGHT) wait = 0;
      }
      if (wait > 0 && !this.again) {
        const due = await nextDueAt(this.deps.db);
        if (due) wait = Math.min(wait, Math.max(0, due.getTime() - this.deps.now().getTime()));
      }
    } catch (error) {
      if (!this.stopped) this.deps.log.error({ err: error }, 'webhook dispatcher tick failed');
    }
    if (this.again) wait = 0;
    this.again = false;
    this.schedule(wait);
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify(delivery.envelope);
    const attemptedAt = this.deps.now();
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    const timeout = AbortSignal.timeout(this.deps.settings.timeoutMs);
    try {
      const signature = await signWebhook(delivery.secret, Math.floor(attemptedAt.getTime() / 1000), body);
      status = await postWebhook({
        url: delivery.url,
        headers: { 'content-type': 'application/json', 'user-agent': 'Cashlens-Webhooks/1', 'x-cashlens-event': delivery.event, 'x-cashlens-delivery': delivery.id, [SIGNATURE_HEADER]: signature },
        body,
        signal: AbortSignal.any([timeout, this.stopController.signal]),
        allowPrivate: this.deps.settings.allowPrivateTargets,
      });
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (caught) {
      if (this.stopped) return; // aborted by shutdown: the lease brings it back after restart
      const cause = caught instanceof Error ? (timeout.aborted ? `timed out after ${this.deps.settings.timeoutMs} ms` : `${caught.message}${caught.cause instanceof Error ? `: ${caught.cause.message}` : ''}`) : String(caught);
      error = cause.slice(0, MAX_ERROR_LENGTH);
    }
    const delivered = error === null;
    const delay = delivered ? undefined : nextRetryDelayMs(delivery.attempts + 1, this.deps.settings);
    const retryAt = delay === undefined ? undefined : new Date(this.deps.now().getTime() + delay);
    await recordAttempt(this.deps.db, delivery.id, { attemptedAt, durationMs: Math.round(performance.now() - started), status, error, delivered, retryAt });
    // The origin only: webhook paths and queries often carry the receiver's own token.
    if (!delivered) this.deps.log.warn({ delivery: delivery.id, to: originOf(delivery.url), attempt: delivery.attempts + 1, error, retryAt }, 'webhook delivery failed');
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an unparsable URL';
  }
}
