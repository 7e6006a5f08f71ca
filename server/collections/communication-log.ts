/**
 * The customer's communication log: every reminder sent or skipped (with why), escalation,
 * promise outcome, hold and release, limit alert and terms mismatch, the customer's messages
 * through the share link and the team's answers in the session. Append-only.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export const LogKind = {
  reminderQueued: 'reminder_queued',
  reminderSent: 'reminder_sent',
  reminderSkipped: 'reminder_skipped',
  reminderCancelled: 'reminder_cancelled',
  escalated: 'escalated',
  promiseRecorded: 'promise_recorded',
  promiseKept: 'promise_kept',
  promiseBroken: 'promise_broken',
  hold: 'hold',
  release: 'release',
  limitAlert: 'limit_alert',
  termsMismatch: 'terms_mismatch',
  paused: 'paused',
  resumed: 'resumed',
  customerMessage: 'customer_message',
  teamMessage: 'team_message',
  holdThresholdSet: 'hold_threshold_set',
} as const;
export type LogKind = (typeof LogKind)[keyof typeof LogKind];

/** What counts as the customer answering a reminder (escalation waits for replies; see shared escalation). */
export const replyLogKinds: readonly LogKind[] = [LogKind.customerMessage, LogKind.promiseRecorded];

export interface LogEntry {
  readonly customerId: string;
  readonly day: string;
  readonly kind: LogKind;
  readonly invoiceNumbers?: readonly string[];
  readonly stepOffset?: number;
  readonly reason?: string;
  readonly outboxId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export async function appendLog(db: Kysely<DB>, entries: readonly LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('communication_log')
    .values(
      entries.map((entry) => ({
        customer_id: entry.customerId, day: entry.day, kind: entry.kind, invoice_numbers: JSON.stringify(entry.invoiceNumbers ?? []), step_offset: entry.stepOffset ?? null,
        reason: entry.reason ?? null, outbox_id: entry.outboxId ?? null, details: JSON.stringify(entry.details ?? {}),
      })),
    )
    .execute();
}

export interface LogView {
  readonly id: number;
  readonly customerId: string;
  readonly day: string;
  readonly kind: LogKind;
  readonly invoiceNumbers: readonly string[];
  readonly stepOffset: number | null;
  readonly reason: string | null;
  readonly outboxId: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly at: string;
}

export async function listLog(db: Kysely<DB>, filter: { customerId?: string; kind?: LogKind; limit?: number }): Promise<LogView[]> {
  let query = db.selectFrom('communication_log').selectAll().orderBy('id').limit(filter.limit ?? 1000);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: Number(row.id), customerId: row.customer_id, day: row.day, kind: row.kind as LogKind, invoiceNumbers: row.invoice_numbers as string[], stepOffset: row.step_offset,
    reason: row.reason, outboxId: row.outbox_id, details: row.details as Record<string, unknown>, at: row.created_at.toISOString(),
  }));
}
