/**
 * The mail outbox. Every message is first a row (unique `message_key`, so planning the same
 * reminder twice stores it once). With `SMTP_URL` set, `deliverOutbox` claims due rows
 * (queued → sending, attempts + 1, in one statement: two instances never claim the same row),
 * sends them (over pooled connections, several at once) and marks them sent; a failure puts the row back to queued with a backoff, so an
 * SMTP outage loses nothing and a message is never sent twice by us. Without SMTP the rows stay
 * queued: the outbox the UI shows. Reminders are re-checked against the ledger right before
 * sending: when every listed invoice has been settled or disputed since, the message is cancelled.
 */
import net from 'node:net';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
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
  /** How many messages may be in flight at once (one per pooled connection). */
  readonly concurrency: number;
  close(): void;
}

export interface SmtpOptions {
  /** false → a new connection (greeting, EHLO, QUIT) per message: the bench's reference. */
  readonly pooled?: boolean;
  readonly maxConnections?: number;
  /** false → nodemailer's own sockets, Nagle on (the bench shows what TCP_NODELAY buys). */
  readonly noDelay?: boolean;
}

export const DEFAULT_SMTP_CONNECTIONS = 4;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * nodemailer writes a message as several small chunks; with Nagle's algorithm on, each waits
 * for the server's delayed ACK (~40 ms), which was most of the ~160 ms a message cost even on a
 * reused connection. So the pool's connections are opened here with TCP_NODELAY (TLS, for
 * smtps:// or STARTTLS, is still negotiated by nodemailer on top of this socket).
 */
function noDelaySocket(options: { host?: string; port?: number }, callback: (error: Error | null, socketOptions?: { connection: net.Socket }) => void): void {
  const socket = net.connect({ host: options.host ?? 'localhost', port: options.port ?? 25, noDelay: true });
  const fail = (error: Error) => {
    socket.destroy();
    callback(error);
  };
  socket.setTimeout(CONNECT_TIMEOUT_MS, () => fail(new Error(`SMTP connect to ${options.host}:${options.port} timed out`)));
  socket.once('error', fail);
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.removeListener('error', fail);
    callback(null, { connection: socket });
  });
}

export function smtpMailer(smtpUrl: string, from: string, options: SmtpOptions = {}): Mailer {
  const pooled = options.pooled ?? true;
  const maxConnections = pooled ? (options.maxConnections ?? DEFAULT_SMTP_CONNECTIONS) : 1;
  // Pooled: each connection carries many messages (maxMessages per connection before it is
  // recycled), and a run keeps `maxConnections` of them busy; see bench/reminder-mail.ts.
  // Not `{ url, pool: true }`: nodemailer replaces an options object that has `url` by the parsed
  // URL alone, so `pool` and the rest were silently dropped (a connection per message).
  const transport = pooled
    ? nodemailer.createTransport({ ...parseConnectionUrl(smtpUrl), pool: true, maxConnections, maxMessages: 1000, ...(options.noDelay === false ? {} : { getSocket: noDelaySocket }) } as SMTPPool.Options)
    : nodemailer.createTransport(smtpUrl);
  return {
    concurrency: maxConnections,
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
  const handle = async (row: (typeof claimed.rows)[number]) => {
    if (row.kind === 'reminder' && (await isStale(db, row.invoice_ids))) {
      await db.updateTable('mail_outbox').set({ status: 'cancelled' }).where('id', '=', row.id).execute();
      if (row.customer_id) await appendLog(db, [{ customerId: row.customer_id, day: utcDate(now), kind: LogKind.reminderCancelled, reason: 'settled_or_disputed_before_sending', outboxId: row.id }]);
      cancelled++;
      return;
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
  };
  // As many rows in flight as the mailer has connections; each row is claimed once, so the
  // order of sending within a batch does not matter.
  let next = 0;
  const worker = async () => {
    while (next < claimed.rows.length) await handle(claimed.rows[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(mailer.concurrency, claimed.rows.length)) }, worker));
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
