/**
 * The mail outbox. Every message is first a row (unique `message_key`, so planning the same
 * reminder twice stores it once). With `SMTP_URL` set, `deliverOutbox` claims due rows
 * (queued → sending, attempts + 1, in one statement: two instances never claim the same row),
 * sends them and marks them sent; a failure puts the row back to queued with a backoff, so an
 * SMTP outage loses nothing and a message is never sent twice by us. Without SMTP the rows stay
 * queued: the outbox the UI shows. Reminders are re-checked against the ledger right before
 * sending: when every listed invoice has been settled or disputed since, the message is cancelled.
 */
import nodemailer from 'nodemailer';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { retryDelayMs } from '../../shared/collections/retry-backoff.ts';
import { utcDate } from '../../shared/time/dates.ts';
import { appendLog, LogKind } from './communication-log.ts';

/**
 * A claimed row carries a deadline: if its instance dies mid-send, another one picks it up after
 * this long (the one case where a receiver may see a message twice; Message-ID lets it dedupe).
 */
const SENDING_TIMEOUT_MS = 10 * 60_000;

export type MailKind = 'reminder' | 'escalation' | 'alert';

export interface OutgoingMail {
  readonly messageKey: string;
  readonly customerId: string | null;
  readonly kind: MailKind;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly invoiceIds?: readonly string[];
}

export interface Mailer {
  send(message: { readonly id: string; readonly to: string; readonly subject: string; readonly text: string }): Promise<void>;
  close(): void;
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  // Pooled: one connection carries many messages (a new connection per message costs ~150 ms).
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true });
  return {
    async send(message) {
      // Message-ID from the outbox row: a receiver can drop a duplicate after a crash mid-send.
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, messageId: `<${message.id}@cashlens>` });
    },
    close: () => transport.close(),
  };
}

/** Stores the message unless one with the same key exists; returns the row id and whether it is new. */
export async function enqueueMail(db: Kysely<DB>, mail: OutgoingMail, now: Date): Promise<{ readonly id: string; readonly created: boolean }> {
  const inserted = await db
    .insertInto('mail_outbox')
    .values({
      message_key: mail.messageKey, customer_id: mail.customerId, kind: mail.kind, to_address: mail.to, subject: mail.subject, body: mail.body,
      invoice_ids: JSON.stringify(mail.invoiceIds ?? []), next_attempt_at: now,
    })
    .onConflict((oc) => oc.column('message_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.selectFrom('mail_outbox').select('id').where('message_key', '=', mail.messageKey).executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export interface DeliveryReport {
  readonly sent: number;
  readonly failed: number;
  readonly cancelled: number;
}

/** A reminder whose invoices are all settled or disputed by now is stale: cancel instead of sending. */
async function isStale(db: Kysely<DB>, invoiceIds: readonly string[]): Promise<boolean> {
  if (invoiceIds.length === 0) return false;
  const chaseable = await db
    .selectFrom('invoices as i')
    .leftJoin('disputes as d', (join) => join.onRef('d.invoice_id', '=', 'i.id').on('d.status', '=', 'open'))
    .select('i.id')
    .where('i.id', 'in', [...invoiceIds])
    .where('i.open_amount', '>', 0n)
    .where('i.voided', '=', false)
    .where('d.id', 'is', null)
    .limit(1)
    .execute();
  return chaseable.length === 0;
}

export async function deliverOutbox(db: Kysely<DB>, mailer: Mailer, now: Date, batchSize = 50): Promise<DeliveryReport> {
  const claimed = await sql<{ id: string; customer_id: string | null; kind: string; to_address: string; subject: string; body: string; invoice_ids: string[]; attempts: number }>`
    update mail_outbox set status = 'sending', attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + SENDING_TIMEOUT_MS)}
    where id in (select id from mail_outbox where status in ('queued', 'sending') and next_attempt_at <= ${now} order by created_at limit ${batchSize} for update skip locked)
    returning id, customer_id, kind, to_address, subject, body, invoice_ids, attempts`.execute(db);
  let sent = 0;
  let failed = 0;
  let cancelled = 0;
  for (const row of claimed.rows) {
    if (row.kind === 'reminder' && (await isStale(db, row.invoice_ids))) {
      await db.updateTable('mail_outbox').set({ status: 'cancelled' }).where('id', '=', row.id).execute();
      if (row.customer_id) await appendLog(db, [{ customerId: row.customer_id, day: utcDate(now), kind: LogKind.reminderCancelled, reason: 'settled_or_disputed_before_sending', outboxId: row.id }]);
      cancelled++;
      continue;
    }
    try {
      await mailer.send({ id: row.id, to: row.to_address, subject: row.subject, text: row.body });
      await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: now, last_error: null }).where('id', '=', row.id).execute();
      if (row.customer_id && row.kind === 'reminder') await appendLog(db, [{ customerId: row.customer_id, day: utcDate(now), kind: LogKind.reminderSent, outboxId: row.id, details: { to: row.to_address, attempts: row.attempts } }]);
      sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('mail_outbox')
        .set({ status: 'queued', last_error: message.slice(0, 500), next_attempt_at: new Date(now.getTime() + retryDelayMs(row.attempts)) })
        .where('id', '=', row.id)
        .execute();
      failed++;
    }
  }
  return { sent, failed, cancelled };
}

export interface OutboxView {
  readonly id: string;
  readonly customerId: string | null;
  readonly kind: string;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly status: string;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly sentAt: string | null;
  readonly createdAt: string;
}

export async function listOutbox(db: Kysely<DB>, filter: { status?: string; customerId?: string; limit?: number }): Promise<OutboxView[]> {
  let query = db.selectFrom('mail_outbox').selectAll().orderBy('created_at', 'desc').limit(filter.limit ?? 200);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id, customerId: row.customer_id, kind: row.kind, to: row.to_address, subject: row.subject, body: row.body, status: row.status, attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at.toISOString(), lastError: row.last_error, sentAt: row.sent_at?.toISOString() ?? null, createdAt: row.created_at.toISOString(),
  }));
}
