/**
 * Webhook subscriptions and the durable delivery outbox. A delivery row is written per
 * (event, subscription) when the event is announced; the dispatcher claims due rows with a lease
 * (`next_attempt_at` pushed past the request timeout), so a crash mid-attempt only delays it.
 * Every attempt is logged in `webhook_attempts`. Nothing here touches the ledger's tables.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { WebhookEnvelope, WebhookEvent } from '../../shared/webhooks/webhook-events.ts';

export interface SubscriptionRecord {
  readonly id: string;
  readonly url: string;
  readonly events: WebhookEvent[];
  readonly description: string;
  readonly active: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface AttemptRecord {
  readonly attemptedAt: string;
  readonly durationMs: number;
  readonly status: number | null;
  readonly error: string | null;
}

export interface DeliveryRecord {
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
  readonly deliveredAt: string | null;
}

/** What the dispatcher needs to make one attempt. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly eventId: string;
  readonly event: string;
  readonly attempts: number;
  readonly envelope: WebhookEnvelope;
  readonly url: string;
  readonly secret: string;
}

function toSubscription(row: Selectable<DB['webhook_subscriptions']>): SubscriptionRecord {
  return { id: row.id, url: row.url, events: row.events as WebhookEvent[], description: row.description, active: row.active, createdBy: row.created_by, createdAt: row.created_at.toISOString() };
}

function toDelivery(row: Selectable<DB['webhook_deliveries']>): DeliveryRecord {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    event: row.event,
    status: row.status as DeliveryRecord['status'],
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    replayOf: row.replay_of,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
  };
}

export async function createSubscription(db: Kysely<DB>, input: { url: string; events: readonly WebhookEvent[]; description?: string; createdBy: string }): Promise<{ record: SubscriptionRecord; secret: string }> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const row = await db
    .insertInto('webhook_subscriptions')
    .values({ url: input.url, events: JSON.stringify([...new Set(input.events)]), secret, description: input.description ?? '', created_by: input.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { record: toSubscription(row), secret };
}

export async function listSubscriptions(db: Kysely<DB>): Promise<SubscriptionRecord[]> {
  return (await db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').orderBy('id').execute()).map(toSubscription);
}

/** Stops new deliveries to a subscription; its log stays. */
export async function deactivateSubscription(db: Kysely<DB>, id: string): Promise<SubscriptionRecord | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('webhook_subscriptions').set({ active: false }).where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) return undefined;
    // Removing a webhook (often because its URL or secret leaked) stops its retries too.
    await trx.updateTable('webhook_deliveries').set({ status: 'failed', last_error: 'subscription removed' }).where('subscription_id', '=', id).where('status', '=', 'pending').execute();
    return toSubscription(row);
  });
}

/** The events some active subscription wants (a cheap check before writing to the outbox). */
export async function subscribedEvents(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom('webhook_subscriptions').select('events').where('active', '=', true).execute();
  return new Set(rows.flatMap((row) => row.events as string[]));
}

/**
 * One pending delivery per (event, active subscription to its type), due now, in one statement.
 * Returns how many rows were written.
 */
export async function enqueueEvents(db: Kysely<DB>, envelopes: readonly WebhookEnvelope[], now: Date): Promise<number> {
  if (envelopes.length === 0) return 0;
  const result = await sql`
    insert into webhook_deliveries (subscription_id, event_id, event, payload, next_attempt_at)
    select s.id, (e.value->>'id')::uuid, e.value->>'type', e.value, ${now}
    from jsonb_array_elements(${JSON.stringify(envelopes)}::jsonb) as e(value)
    join webhook_subscriptions s on s.active and s.events @> jsonb_build_array(e.value->>'type')
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Claims up to `limit` due deliveries by pushing their next attempt `leaseMs` ahead. */
export async function claimDueDeliveries(db: Kysely<DB>, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  const result = await sql<{ id: string; event_id: string; event: string; attempts: number; payload: WebhookEnvelope; url: string; secret: string }>`
    with due as (
      select id from webhook_deliveries
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at limit ${limit}
      for update skip locked
    ), claimed as (
      update webhook_deliveries d set next_attempt_at = ${new Date(now.getTime() + leaseMs)}
      from due where d.id = due.id
      returning d.id, d.event_id, d.event, d.attempts, d.payload, d.subscription_id
    )
    select claimed.id, claimed.event_id, claimed.event, claimed.attempts, claimed.payload, s.url, s.secret
    from claimed join webhook_subscriptions s on s.id = claimed.subscription_id and s.active
  `.execute(db);
  return result.rows.map((row) => ({ id: row.id, eventId: row.event_id, event: row.event, attempts: row.attempts, envelope: row.payload, url: row.url, secret: row.secret }));
}

/** When the next pending delivery falls due, if any. */
export async function nextDueAt(db: Kysely<DB>): Promise<Date | undefined> {
  const row = await db.selectFrom('webhook_deliveries').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'pending').executeTakeFirst();
  return row?.at ? new Date(row.at as Date) : undefined;
}

export interface AttemptOutcome {
  readonly attemptedAt: Date;
  readonly durationMs: number;
  readonly status: number | null;
  readonly error: string | null;
  readonly delivered: boolean;
  /** When to try again; undefined → no attempt left: the delivery is marked failed. */
  readonly retryAt: Date | undefined;
}

export async function recordAttempt(db: Kysely<DB>, deliveryId: string, outcome: AttemptOutcome): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({ delivery_id: deliveryId, attempted_at: outcome.attemptedAt, duration_ms: outcome.durationMs, status: outcome.status, error: outcome.error })
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_status: outcome.status,
        last_error: outcome.error,
        // A retry never revives a delivery failed meanwhile (its subscription was removed mid-attempt).
        status: outcome.delivered ? 'delivered' : outcome.retryAt ? sql<string>`case when status = 'failed' then 'failed' else 'pending' end` : 'failed',
        delivered_at: outcome.delivered ? outcome.attemptedAt : null,
        ...(outcome.retryAt ? { next_attempt_at: outcome.retryAt } : {}),
      }))
      .where('id', '=', deliveryId)
      .execute();
  });
}

export async function listDeliveries(db: Kysely<DB>, filter: { subscriptionId?: string; status?: string; limit: number }): Promise<DeliveryRecord[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(filter.limit);
  if (filter.subscriptionId) query = query.where('subscription_id', '=', filter.subscriptionId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return (await query.execute()).map(toDelivery);
}

export async function findDelivery(db: Kysely<DB>, id: string): Promise<(DeliveryRecord & { payload: unknown; attemptLog: AttemptRecord[] }) | undefined> {
  const row = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const attempts = await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', id).orderBy('id').execute();
  return {
    ...toDelivery(row),
    payload: row.payload,
    attemptLog: attempts.map((a) => ({ attemptedAt: a.attempted_at.toISOString(), durationMs: a.duration_ms, status: a.status, error: a.error })),
  };
}

/** A fresh pending delivery of the same event (same event id and body) to the same subscription. */
export async function replayDelivery(db: Kysely<DB>, id: string, now: Date): Promise<DeliveryRecord | 'subscription removed' | undefined> {
  const original = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!original) return undefined;
  const subscription = await db.selectFrom('webhook_subscriptions').select('active').where('id', '=', original.subscription_id).executeTakeFirstOrThrow();
  if (!subscription.active) return 'subscription removed';
  const row = await db
    .insertInto('webhook_deliveries')
    .values({ subscription_id: original.subscription_id, event_id: original.event_id, event: original.event, payload: JSON.stringify(original.payload), next_attempt_at: now, replay_of: original.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDelivery(row);
}
