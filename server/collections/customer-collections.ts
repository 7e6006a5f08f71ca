/**
 * Per-customer collections settings: a pause (reason + end date), unbilled orders (part of the
 * credit exposure), negotiated terms; and the status the API shows (hold, pause, open tasks).
 * `holdStatus` is the function other concepts (customers list, ERP export) can call.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { NegotiatedTerms } from '../../shared/collections/terms-mismatch.ts';
import type { IsoDate } from '../../shared/time/dates.ts';
import { appendLog, LogKind } from './communication-log.ts';
import { defaultDailyPolicy } from './collections-service.ts';
import { loadCollectionsSettings } from './collections-settings.ts';
import { recentCustomerMessages } from './customer-messages.ts';
import { pausingTaskKinds } from './task-repository.ts';

export async function setPause(db: Kysely<DB>, customerId: string, pause: { until: IsoDate; reason: string } | null, today: IsoDate): Promise<void> {
  await db
    .insertInto('customer_collections')
    .values({ customer_id: customerId, paused_until: pause?.until ?? null, pause_reason: pause?.reason ?? null })
    .onConflict((oc) => oc.column('customer_id').doUpdateSet({ paused_until: pause?.until ?? null, pause_reason: pause?.reason ?? null, updated_at: new Date() }))
    .execute();
  await appendLog(db, [{ customerId, day: today, kind: pause ? LogKind.paused : LogKind.resumed, ...(pause ? { reason: pause.reason, details: { until: pause.until } } : {}) }]);
}

export async function setUnbilledOrders(db: Kysely<DB>, customerId: string, amount: number): Promise<void> {
  await db
    .insertInto('customer_collections')
    .values({ customer_id: customerId, unbilled_orders: BigInt(amount) })
    .onConflict((oc) => oc.column('customer_id').doUpdateSet({ unbilled_orders: BigInt(amount), updated_at: new Date() }))
    .execute();
}

export async function setNegotiatedTerms(db: Kysely<DB>, customerId: string, terms: NegotiatedTerms, recordedBy: string): Promise<void> {
  const values = { payment_terms_days: terms.paymentTermsDays, discount_bps: terms.discountBps, list_prices: JSON.stringify(terms.listPrices), notes: terms.notes, recorded_by: recordedBy };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('negotiated_terms').values({ customer_id: customerId, ...values }).onConflict((oc) => oc.column('customer_id').doUpdateSet({ ...values, updated_at: new Date() })).execute();
    // New terms: check the customer's open invoices against them again.
    await trx.deleteFrom('terms_checks').where('invoice_id', 'in', trx.selectFrom('invoices').select('id').where('customer_id', '=', customerId)).where('mismatch', '=', false).execute();
  });
}

export interface HoldStatus {
  readonly onHold: boolean;
  readonly holdReason: string | null;
}

/** Hold state for the customers API and the ERP (`onHold`, `holdReason`). */
export async function holdStatus(db: Kysely<DB>, customerId: string): Promise<HoldStatus | undefined> {
  const row = await sql<{ on_hold: boolean; hold_reason: string | null }>`select on_hold, hold_reason from customers where id = ${customerId}`.execute(db);
  const found = row.rows[0];
  return found && { onHold: found.on_hold, holdReason: found.hold_reason };
}

export async function customerCollectionsStatus(db: Kysely<DB>, customerId: string) {
  const hold = await holdStatus(db, customerId);
  const settings = await db.selectFrom('customer_collections').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
  const terms = await db.selectFrom('negotiated_terms').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
  const openTasks = await db.selectFrom('tasks').select(['id', 'kind']).where('customer_id', '=', customerId).where('status', '=', 'open').execute();
  const escalated = openTasks.some((task) => (pausingTaskKinds as readonly string[]).includes(task.kind));
  const company = await loadCollectionsSettings(db, defaultDailyPolicy);
  const own = settings?.overdue_hold_threshold ?? null;
  return {
    customerId,
    onHold: hold?.onHold ?? false,
    holdReason: hold?.holdReason ?? null,
    pausedUntil: settings?.paused_until ?? null,
    pauseReason: settings?.pause_reason ?? null,
    escalated,
    unbilledOrders: Number(settings?.unbilled_orders ?? 0n),
    limitAlert: settings?.limit_alert ?? null,
    // The 61+-days-late hold rule's threshold in minor units: the customer's own, else the company's.
    overdueHoldThreshold: { customer: own === null ? null : Number(own), company: company.overdueHoldThreshold, effective: own === null ? company.overdueHoldThreshold : Number(own) },
    terms: terms ? { paymentTermsDays: terms.payment_terms_days, discountPercent: terms.discount_bps / 100, listPrices: terms.list_prices as Record<string, number>, notes: terms.notes, recordedBy: terms.recorded_by } : null,
    openTasks: openTasks.length,
    // What the customer wrote through the share link, newest first.
    messages: await recentCustomerMessages(db, customerId),
  };
}
