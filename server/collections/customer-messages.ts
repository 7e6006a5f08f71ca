/**
 * "Message the team" from the share link: the customer's message goes into its communication log
 * (where staff read it, and where the scheduler sees it as a reply: escalation waits for
 * reminders sent after it) and onto one open follow-up task per customer, assigned to the sales
 * owner (else finance), which collects further messages until someone closes it.
 * The team answers in the session: its reply goes into the same log (not as a customer reply).
 * Each message gets an id here, kept in the log and used as its key in the session document.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MESSAGE_BODY_MAX_LENGTH } from '../../shared/records/message.ts';
import type { IsoDate } from '../../shared/time/dates.ts';
import { appendLog, LogKind } from './communication-log.ts';
import { createTask, financeAssignee } from './task-repository.ts';

export const MAX_MESSAGE_LENGTH = MESSAGE_BODY_MAX_LENGTH;
/** How many messages of the customer the open task keeps in its details (the log keeps all). */
const TASK_MESSAGES_KEPT = 20;

/** A writer's name as the session shows it: trimmed to the record's bound, never empty. */
export function authorName(name: string, fallback: string): string {
  return name.trim().slice(0, 200) || fallback;
}

export interface CustomerMessage {
  readonly customerId: string;
  readonly sessionId: string;
  /** Who wrote, as the link knows them ("customer-link:<id>"). */
  readonly from: string;
  readonly body: string;
}

export interface StoredMessage {
  readonly messageId: string;
  readonly taskId: string;
  readonly taskCreated: boolean;
  readonly day: IsoDate;
}

type MessageTaskDetails = {
  readonly source: 'customer_message';
  readonly messages: readonly { readonly at: string; readonly body: string; readonly sessionId: string }[];
  readonly nextAction: string;
};

export async function recordCustomerMessage(db: Kysely<DB>, message: CustomerMessage, now: Date): Promise<StoredMessage> {
  const day = now.toISOString().slice(0, 10);
  return db.transaction().execute(async (trx) => {
    // One writer per customer at a time, so two quick messages land on one task.
    const customer = await trx.selectFrom('customers').select(['id', 'name', 'sales_owner_id']).where('id', '=', message.customerId).forUpdate().executeTakeFirstOrThrow();
    const entry = { at: now.toISOString(), body: message.body, sessionId: message.sessionId };
    const open = await openMessageTask(trx, customer.id);
    let taskId: string;
    let taskCreated = false;
    if (open) {
      const details = open.details as MessageTaskDetails;
      const messages = [...(details.messages ?? []), entry].slice(-TASK_MESSAGES_KEPT);
      await trx.updateTable('tasks').set({ details: JSON.stringify({ ...details, messages }), updated_at: now }).where('id', '=', open.id).execute();
      taskId = open.id;
    } else {
      const assigneeId = customer.sales_owner_id ?? (await financeAssignee(trx));
      const details: MessageTaskDetails = { source: 'customer_message', messages: [entry], nextAction: customer.sales_owner_id ? 'sales owner answers the customer' : 'finance answers the customer' };
      const task = await createTask(trx, { kind: 'follow_up', title: `${customer.name} wrote to the team`, customerId: customer.id, assigneeId, dueDate: day, details });
      taskId = task.id;
      taskCreated = true;
    }
    const messageId = randomUUID();
    await appendLog(trx, [{ customerId: customer.id, day, kind: LogKind.customerMessage, details: { messageId, body: message.body, from: message.from, sessionId: message.sessionId, taskId } }]);
    return { messageId, taskId, taskCreated, day };
  });
}

export interface TeamMessage {
  readonly customerId: string;
  readonly sessionId: string;
  /** Who wrote, as the audit names staff ("sales:sam@…"). */
  readonly from: string;
  readonly body: string;
}

/**
 * The team's answer in a session, logged beside the customer's messages. It names the open
 * follow-up task it answers, if any, but leaves the task open: closing it stays a decision.
 */
export async function recordTeamMessage(db: Kysely<DB>, message: TeamMessage, now: Date): Promise<{ readonly messageId: string; readonly taskId: string | null; readonly day: IsoDate }> {
  const day = now.toISOString().slice(0, 10);
  const open = await openMessageTask(db, message.customerId);
  const messageId = randomUUID();
  const taskId = open?.id ?? null;
  await appendLog(db, [{ customerId: message.customerId, day, kind: LogKind.teamMessage, details: { messageId, body: message.body, from: message.from, sessionId: message.sessionId, ...(taskId ? { taskId } : {}) } }]);
  return { messageId, taskId, day };
}

/** The customer's latest messages, newest first, for the customer detail. */
export async function recentCustomerMessages(db: Kysely<DB>, customerId: string, limit = 20): Promise<{ readonly at: string; readonly body: string; readonly taskId: string | null }[]> {
  const rows = await db.selectFrom('communication_log').select(['created_at', 'details']).where('customer_id', '=', customerId).where('kind', '=', LogKind.customerMessage).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => {
    const details = row.details as { body?: string; taskId?: string };
    return { at: row.created_at.toISOString(), body: details.body ?? '', taskId: details.taskId ?? null };
  });
}

/** The customer's newest open follow-up task made from its messages, if any. */
function openMessageTask(db: Kysely<DB>, customerId: string) {
  return db
    .selectFrom('tasks')
    .select(['id', 'details'])
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'follow_up')
    .where('status', '=', 'open')
    .where(sql<boolean>`details->>'source' = 'customer_message'`)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}
