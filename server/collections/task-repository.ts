/**
 * Tasks: who acts next on a customer, invoice or dispute. The scheduler creates escalation,
 * broken-promise and terms-mismatch tasks with a dedupe key so a rerun never doubles them;
 * staff update status, assignee and due date. An open escalation or broken-promise task pauses
 * automated mail to its customer.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';

export const taskKinds = ['escalation', 'broken_promise', 'terms_mismatch', 'follow_up'] as const;
export type TaskKind = (typeof taskKinds)[number];
export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
/** Task kinds that pause automated mail to the customer while open. */
export const pausingTaskKinds: readonly TaskKind[] = ['escalation', 'broken_promise'];

export interface Task {
  readonly id: string;
  readonly kind: TaskKind;
  readonly title: string;
  readonly customerId: string;
  readonly customerRef: string;
  readonly customerName: string;
  readonly invoiceNumber: string | null;
  readonly disputeId: string | null;
  readonly assigneeId: string | null;
  readonly assigneeName: string | null;
  readonly dueDate: string;
  readonly status: TaskStatus;
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

export interface NewTask {
  readonly kind: TaskKind;
  readonly title: string;
  readonly customerId: string;
  readonly invoiceId?: string | null;
  readonly disputeId?: string | null;
  readonly assigneeId: string | null;
  readonly dueDate: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly dedupeKey?: string;
}

/** Inserts unless a task with the same dedupe key exists; returns the id and whether it is new. */
export async function createTask(db: Kysely<DB>, task: NewTask): Promise<{ readonly id: string; readonly created: boolean }> {
  const inserted = await db
    .insertInto('tasks')
    .values({
      kind: task.kind, title: task.title, customer_id: task.customerId, invoice_id: task.invoiceId ?? null, dispute_id: task.disputeId ?? null,
      assignee_id: task.assigneeId, due_date: task.dueDate, details: JSON.stringify(task.details), dedupe_key: task.dedupeKey ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.selectFrom('tasks').select('id').where('dedupe_key', '=', task.dedupeKey ?? '').executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** Who gets finance's tasks (terms mismatches, customer messages without a sales owner): the first finance user, else the first admin. */
export async function financeAssignee(db: Kysely<DB>): Promise<string | null> {
  const rows = await db.selectFrom('users').select(['id', 'role']).where('active', '=', true).where('role', 'in', ['finance', 'admin']).orderBy('created_at').execute();
  return (rows.find((row) => row.role === 'finance') ?? rows[0])?.id ?? null;
}

export interface TaskFilter {
  readonly assigneeId?: string;
  readonly customerId?: string;
  readonly status?: TaskStatus;
  /** Only tasks due on or before this day ("my work today"). */
  readonly dueBy?: string;
  /** Sales reps see only tasks of their own customers. */
  readonly ownerId?: string;
  readonly id?: string;
}

export async function listTasks(db: Kysely<DB>, filter: TaskFilter): Promise<Task[]> {
  let query = db
    .selectFrom('tasks as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('invoices as i', 'i.id', 't.invoice_id')
    .leftJoin('users as u', 'u.id', 't.assignee_id')
    .select(['t.id', 't.kind', 't.title', 't.customer_id', 'c.ref', 'c.name as customer_name', 'i.number', 't.dispute_id', 't.assignee_id', 'u.name as assignee_name', 't.due_date', 't.status', 't.details', 't.created_at'])
    .orderBy('t.due_date')
    .orderBy('t.created_at')
    .limit(500);
  if (filter.id) query = query.where('t.id', '=', filter.id);
  if (filter.assigneeId) query = query.where('t.assignee_id', '=', filter.assigneeId);
  if (filter.customerId) query = query.where('t.customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.dueBy) query = query.where('t.due_date', '<=', filter.dueBy);
  if (filter.ownerId) query = query.where('c.sales_owner_id', '=', filter.ownerId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id, kind: row.kind as TaskKind, title: row.title, customerId: row.customer_id, customerRef: row.ref, customerName: row.customer_name, invoiceNumber: row.number,
    disputeId: row.dispute_id, assigneeId: row.assignee_id, assigneeName: row.assignee_name, dueDate: row.due_date, status: row.status as TaskStatus,
    details: row.details as Record<string, unknown>, createdAt: row.created_at.toISOString(),
  }));
}

export interface TaskUpdate {
  readonly status?: TaskStatus;
  readonly assigneeId?: string | null;
  readonly dueDate?: string;
}

export async function updateTask(db: Kysely<DB>, id: string, update: TaskUpdate): Promise<Result<{ readonly id: string }>> {
  if (update.assigneeId) {
    const user = await db.selectFrom('users').select('id').where('id', '=', update.assigneeId).where('active', '=', true).executeTakeFirst();
    if (!user) return fail(ErrorCode.validation, 'No such active user', 'assigneeId');
  }
  const row = await db
    .updateTable('tasks')
    .set({
      ...(update.status !== undefined ? { status: update.status } : {}),
      ...(update.assigneeId !== undefined ? { assignee_id: update.assigneeId } : {}),
      ...(update.dueDate !== undefined ? { due_date: update.dueDate } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row ? ok({ id: row.id }) : fail(ErrorCode.notFound, 'No such task', 'id');
}
