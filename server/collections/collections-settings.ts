/**
 * Company-wide collections settings, kept in the `settings` table: the threshold an invoice 61+
 * days past due must exceed to put its customer on hold (minor units of the customer's currency;
 * a customer's own threshold in `customer_collections` wins), and after how many unanswered
 * reminders an invoice escalates to sales. The scheduler reads them at the start of each run.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { DailyPolicy } from '../../shared/collections/daily-decision.ts';
import { appendLog, LogKind } from './communication-log.ts';

const OVERDUE_HOLD_THRESHOLD = 'collections.overdueHoldThreshold';
const ESCALATE_AFTER = 'collections.escalateAfterReminders';

export interface CollectionsSettings {
  /** Minor units; 0 → any open amount 61+ days late holds. */
  readonly overdueHoldThreshold: number;
  readonly escalateAfterReminders: number;
}

export async function loadCollectionsSettings(db: Kysely<DB>, defaults: DailyPolicy): Promise<CollectionsSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', [OVERDUE_HOLD_THRESHOLD, ESCALATE_AFTER]).execute();
  const stored = new Map(rows.map((row) => [row.key, Number(row.value)]));
  return {
    overdueHoldThreshold: stored.get(OVERDUE_HOLD_THRESHOLD) ?? Number(defaults.overdueThreshold),
    escalateAfterReminders: stored.get(ESCALATE_AFTER) ?? defaults.escalation.afterReminders,
  };
}

export async function saveCollectionsSettings(db: Kysely<DB>, settings: Partial<CollectionsSettings>): Promise<void> {
  const values = [
    ...(settings.overdueHoldThreshold !== undefined ? [{ key: OVERDUE_HOLD_THRESHOLD, value: String(settings.overdueHoldThreshold) }] : []),
    ...(settings.escalateAfterReminders !== undefined ? [{ key: ESCALATE_AFTER, value: String(settings.escalateAfterReminders) }] : []),
  ];
  if (values.length === 0) return;
  await db.insertInto('settings').values(values).onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))).execute();
}

/** The run's policy: the deployment's defaults with the company's stored settings applied. */
export function policyWith(defaults: DailyPolicy, settings: CollectionsSettings): DailyPolicy {
  return { ...defaults, overdueThreshold: BigInt(settings.overdueHoldThreshold), escalation: { ...defaults.escalation, afterReminders: settings.escalateAfterReminders } };
}

/** A customer's own threshold (null → the company's), logged so holds can be explained later. */
export async function setCustomerHoldThreshold(db: Kysely<DB>, customerId: string, amount: number | null, setBy: string, today: string): Promise<void> {
  const value = amount === null ? null : BigInt(amount);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('customer_collections')
      .values({ customer_id: customerId, overdue_hold_threshold: value })
      .onConflict((oc) => oc.column('customer_id').doUpdateSet({ overdue_hold_threshold: value, updated_at: new Date() }))
      .execute();
    await appendLog(trx, [{ customerId, day: today, kind: LogKind.holdThresholdSet, details: { overdueHoldThreshold: amount, setBy } }]);
  });
}
