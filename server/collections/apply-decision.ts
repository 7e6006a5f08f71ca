/**
 * Writes one customer's daily decision in the customer's transaction: promise outcomes, hold
 * state (the `customers.on_hold/hold_reason` columns the customers API and ERP read), limit
 * alerts, terms checks and tasks, escalations, and the reminder itself (outbox row + reminder
 * steps + log). Every insert is keyed, so applying the same day twice writes nothing new.
 * Returns the domain events to emit after commit.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { DailyDecision } from '../../shared/collections/daily-decision.ts';
import { messageKey } from '../../shared/collections/reminder-plan.ts';
import { renderTemplate } from '../../shared/collections/template.ts';
import { templateValues } from '../../shared/collections/template-values.ts';
import { addDays, type IsoDate } from '../../shared/time/dates.ts';
import type { DomainEvents } from '../events/domain-events.ts';
import { appendLog, LogKind, type LogEntry } from './communication-log.ts';
import type { CustomerInfo } from './collections-facts.ts';
import { enqueueMail } from './mail-outbox.ts';
import { createTask } from './task-repository.ts';

export type PendingEvent = { [K in keyof DomainEvents]: { readonly name: K; readonly payload: DomainEvents[K] } }[keyof DomainEvents];

export interface ApplyContext {
  readonly asOf: IsoDate;
  readonly now: Date;
  /** Base of links in mail (the customer's portal). */
  readonly publicUrl: string;
  /** Who gets terms-mismatch tasks: a finance user (else an admin), or nobody. */
  readonly financeAssigneeId: string | null;
}

export interface ApplyTally {
  reminders: number;
  skipped: number;
  escalations: number;
  holds: number;
  releases: number;
  brokenPromises: number;
  keptPromises: number;
  termsMismatches: number;
  alerts: number;
}

export const emptyTally = (): ApplyTally => ({ reminders: 0, skipped: 0, escalations: 0, holds: 0, releases: 0, brokenPromises: 0, keptPromises: 0, termsMismatches: 0, alerts: 0 });

export async function applyDecision(trx: Kysely<DB>, customer: CustomerInfo, decision: DailyDecision, ctx: ApplyContext, tally: ApplyTally): Promise<PendingEvent[]> {
  const events: PendingEvent[] = [];
  const log: LogEntry[] = [];
  const day = ctx.asOf;
  const owner = customer.salesOwner;

  for (const { promise, state, openNow } of decision.promises) {
    if (promise.openAtPromise === null) await trx.insertInto('promise_tracking').values({ promise_id: promise.id, open_at_promise: BigInt(openNow) }).onConflict((oc) => oc.column('promise_id').doNothing()).execute();
    if (state === 'open') continue;
    await trx.updateTable('promises').set({ status: state }).where('id', '=', promise.id).where('status', '=', 'open').execute();
    await trx.updateTable('promise_tracking').set({ settled_on: day }).where('promise_id', '=', promise.id).execute();
    if (state === 'kept') {
      tally.keptPromises++;
      log.push({ customerId: customer.id, day, kind: LogKind.promiseKept, invoiceNumbers: promise.invoiceNumbers, details: { promiseId: promise.id, amount: promise.amount } });
      continue;
    }
    tally.brokenPromises++;
    const task = await createTask(trx, {
      kind: 'broken_promise', title: `Broken promise: ${customer.name} promised ${promise.amount} by ${promise.date}`, customerId: customer.id, assigneeId: owner?.id ?? null, dueDate: day,
      details: { promiseId: promise.id, invoiceNumbers: promise.invoiceNumbers, amount: promise.amount, promisedDate: promise.date, openNow, nextAction: 'sales owner contacts the customer' }, dedupeKey: `broken_promise:${promise.id}`,
    });
    log.push({ customerId: customer.id, day, kind: LogKind.promiseBroken, invoiceNumbers: promise.invoiceNumbers, reason: 'date passed without full payment', details: { promiseId: promise.id, taskId: task.id } });
    if (task.created) events.push({ name: 'promise.broken', payload: { promiseId: promise.id, customerId: customer.id, invoiceNumbers: promise.invoiceNumbers, amount: promise.amount, date: promise.date } });
  }

  if (decision.holdChanged) {
    const { onHold, reason, detail } = decision.hold;
    await sql`update customers set on_hold = ${onHold}, hold_reason = ${reason} where id = ${customer.id}`.execute(trx);
    if (onHold) tally.holds++;
    else tally.releases++;
    log.push({ customerId: customer.id, day, kind: onHold ? LogKind.hold : LogKind.release, ...(reason ? { reason } : {}), details: { detail, exposure: decision.hold.exposure.toString() } });
    if (onHold && reason) events.push({ name: 'customer.on_hold', payload: { customerId: customer.id, customerRef: customer.ref, reason, detail } });
  }

  if (decision.alertChanged) {
    const alert = decision.hold.alert;
    await trx.insertInto('customer_collections').values({ customer_id: customer.id, limit_alert: alert }).onConflict((oc) => oc.column('customer_id').doUpdateSet({ limit_alert: alert, updated_at: ctx.now })).execute();
    if (alert) {
      tally.alerts++;
      const percent = alert === 'limit_100' ? 100 : 80;
      log.push({ customerId: customer.id, day, kind: LogKind.limitAlert, reason: alert, details: { exposure: decision.hold.exposure.toString() } });
      if (owner) {
        await enqueueMail(trx, { messageKey: `alert:${customer.id}:${alert}:${day}`, customerId: customer.id, kind: 'alert', to: owner.email, subject: `${customer.name} is at ${percent} % of its credit limit`, body: `Exposure (open AR + unbilled orders) of ${customer.name} (${customer.ref}) has reached ${percent} % of its credit limit: ${decision.hold.exposure} minor units.` }, ctx.now);
      }
    }
  }

  for (const { invoice, mismatches } of decision.termsChecks) {
    let taskId: string | null = null;
    if (mismatches.length > 0) {
      tally.termsMismatches++;
      taskId = (
        await createTask(trx, {
          kind: 'terms_mismatch', title: `Terms mismatch on ${invoice.number}`, customerId: customer.id, invoiceId: invoice.id, assigneeId: ctx.financeAssigneeId, dueDate: day,
          details: { mismatches, nextAction: 'finance corrects the invoice (credit note) or confirms it; reminders for it wait' }, dedupeKey: `terms:${invoice.id}`,
        })
      ).id;
      log.push({ customerId: customer.id, day, kind: LogKind.termsMismatch, invoiceNumbers: [invoice.number], reason: mismatches.map((mismatch) => mismatch.field).join(','), details: { mismatches, taskId } });
    }
    await trx.insertInto('terms_checks').values({ invoice_id: invoice.id, checked_on: day, mismatch: mismatches.length > 0, task_id: taskId }).onConflict((oc) => oc.column('invoice_id').doNothing()).execute();
  }

  if (decision.escalate.length > 0) {
    const invoiceIds = decision.escalate.map((invoice) => invoice.id);
    const invoiceNumbers = decision.escalate.map((invoice) => invoice.number);
    const history = decision.escalate.map((invoice) => ({ invoiceNumber: invoice.number, openAmount: invoice.openAmount, dueDate: invoice.dueDate, reminders: invoice.steps.filter((step) => step.outcome === 'sent').map((step) => ({ day: step.day, stepOffset: step.offset })) }));
    const task = await createTask(trx, {
      kind: 'escalation', title: `Escalated: ${customer.name} did not respond to reminders`, customerId: customer.id, invoiceId: invoiceIds[0]!, assigneeId: owner?.id ?? null, dueDate: addDays(day, 2),
      details: { invoiceIds, invoiceNumbers, history, nextAction: 'sales owner contacts the customer; automated reminders are paused until this task is done' }, dedupeKey: `escalation:${customer.id}:${day}`,
    });
    if (task.created) {
      tally.escalations++;
      log.push({ customerId: customer.id, day, kind: LogKind.escalated, invoiceNumbers, reason: 'no payment, promise or dispute after reminders', details: { taskId: task.id, assigneeId: owner?.id ?? null } });
      if (owner) {
        const lines = history.map((item) => `- ${item.invoiceNumber}: ${item.openAmount} open, due ${item.dueDate}, reminders on ${item.reminders.map((reminder) => reminder.day).join(', ')}`).join('\n');
        await enqueueMail(trx, { messageKey: `escalation:${task.id}`, customerId: customer.id, kind: 'escalation', to: owner.email, subject: `Escalation: ${customer.name} (${customer.ref}) needs you`, body: `${owner.name},\n\n${customer.name} has not paid or replied after our reminders. Automated reminders are paused until you handle the task.\n\n${lines}\n\n${ctx.publicUrl}/` }, ctx.now);
      }
      events.push({ name: 'escalation.created', payload: { escalationId: task.id, customerId: customer.id, invoiceNumbers, reason: 'reminders_unanswered' } });
    }
  }

  const message = decision.plan.message;
  if (message) {
    const template = await trx.selectFrom('reminder_templates').select(['subject', 'body']).where('id', '=', message.step.templateId).executeTakeFirstOrThrow();
    const values = templateValues({ customer, contact: customer.contact, invoices: message.invoices, asOf: day, link: `${ctx.publicUrl}/customers/${encodeURIComponent(customer.ref)}` });
    const rendered = renderTemplate(template, values);
    if (rendered.ok) {
      const dueIds = message.due.map((item) => item.invoice.id);
      const mail = await enqueueMail(trx, { messageKey: messageKey(customer.id, dueIds, message.step.offsetDays, day), customerId: customer.id, kind: 'reminder', to: customer.contact!.email, subject: rendered.value.subject, body: rendered.value.body, invoiceIds: message.invoices.map((invoice) => invoice.id) }, ctx.now);
      if (mail.created) {
        tally.reminders++;
        await trx
          .insertInto('reminder_steps')
          .values(message.due.map((item) => ({ invoice_id: item.invoice.id, step_offset: item.step.offsetDays, day, outcome: 'sent', open_amount: BigInt(item.invoice.openAmount), outbox_id: mail.id })))
          .onConflict((oc) => oc.columns(['invoice_id', 'step_offset']).doNothing())
          .execute();
        log.push({ customerId: customer.id, day, kind: LogKind.reminderQueued, invoiceNumbers: message.invoices.map((invoice) => invoice.number), stepOffset: message.step.offsetDays, outboxId: mail.id, details: { due: message.due.map((item) => item.invoice.number), to: customer.contact!.email, subject: rendered.value.subject } });
      }
    }
  }

  if (decision.plan.skipped.length > 0) {
    tally.skipped += decision.plan.skipped.length;
    await trx
      .insertInto('reminder_steps')
      .values(decision.plan.skipped.map((item) => ({ invoice_id: item.invoice.id, step_offset: item.step.offsetDays, day, outcome: 'skipped', reason: item.reason, open_amount: BigInt(item.invoice.openAmount), outbox_id: null })))
      .onConflict((oc) => oc.columns(['invoice_id', 'step_offset']).doNothing())
      .execute();
    for (const item of decision.plan.skipped) log.push({ customerId: customer.id, day, kind: LogKind.reminderSkipped, invoiceNumbers: [item.invoice.number], stepOffset: item.step.offsetDays, reason: item.reason });
  }

  await appendLog(trx, log);
  return events;
}
