/**
 * Loads the facts `decideDay` needs, for every customer (to find who has work today) or for one
 * (inside that customer's transaction, right before writing: the re-read of the ledger that keeps
 * a reminder from going to an invoice paid, disputed or promised a moment ago). Reads the
 * ledger's tables, never writes them.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { cadenceFor, type Cadence, type CadenceStep } from '../../shared/collections/cadence.ts';
import type { CustomerFacts, FactInvoice, FactPromise } from '../../shared/collections/daily-decision.ts';
import type { LimitAlert } from '../../shared/collections/credit-hold.ts';
import type { NegotiatedTerms } from '../../shared/collections/terms-mismatch.ts';
import type { IsoDate } from '../../shared/time/dates.ts';
import { replyLogKinds } from './communication-log.ts';
import { pausingTaskKinds } from './task-repository.ts';

export interface Contact {
  readonly name: string;
  readonly email: string;
}

export interface CustomerInfo {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  readonly contact: Contact | undefined;
  readonly salesOwner: { readonly id: string; readonly email: string; readonly name: string } | null;
}

export interface LoadedCustomer {
  readonly info: CustomerInfo;
  readonly facts: CustomerFacts;
}

/** Map.groupBy arrives with Node 21; this runs on 20. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function firstContact(contacts: unknown): Contact | undefined {
  if (!Array.isArray(contacts)) return undefined;
  for (const contact of contacts as { name?: unknown; email?: unknown }[]) {
    if (typeof contact?.email === 'string' && contact.email.includes('@')) return { name: typeof contact.name === 'string' ? contact.name : '', email: contact.email };
  }
  return undefined;
}

export async function loadCustomerFacts(db: Kysely<DB>, asOf: IsoDate, customerId?: string): Promise<LoadedCustomer[]> {
  let customersQuery = db
    .selectFrom('customers as c')
    .leftJoin('customer_collections as cc', 'cc.customer_id', 'c.id')
    .leftJoin('users as u', 'u.id', 'c.sales_owner_id')
    .select(['c.id', 'c.ref', 'c.name', 'c.currency', 'c.segment', 'c.contacts', 'c.credit_limit', sql<boolean>`c.on_hold`.as('on_hold'), sql<string | null>`c.hold_reason`.as('hold_reason'), 'c.sales_owner_id', 'u.email as owner_email', 'u.name as owner_name', 'cc.paused_until', 'cc.unbilled_orders', 'cc.limit_alert', 'cc.overdue_hold_threshold'])
    .orderBy('c.ref');
  if (customerId) customersQuery = customersQuery.where('c.id', '=', customerId);
  const customers = await customersQuery.execute();
  if (customers.length === 0) return [];

  let invoicesQuery = db
    .selectFrom('invoices as i')
    .leftJoin('disputes as d', (join) => join.onRef('d.invoice_id', '=', 'i.id').on('d.status', '=', 'open'))
    .select(['i.id', 'i.number', 'i.customer_id', 'i.currency', 'i.issue_date', 'i.due_date', 'i.open_amount', 'd.id as dispute_id'])
    .where('i.open_amount', '>', 0n)
    .where('i.voided', '=', false)
    .where('i.issue_date', '<=', asOf)
    .orderBy('i.due_date')
    .orderBy('i.number');
  if (customerId) invoicesQuery = invoicesQuery.where('i.customer_id', '=', customerId);
  const invoices = await invoicesQuery.execute();
  const invoiceIds = invoices.map((invoice) => invoice.id);

  const steps = invoiceIds.length === 0 ? [] : await db.selectFrom('reminder_steps').select(['invoice_id', 'step_offset', 'day', 'outcome', 'open_amount']).where('invoice_id', 'in', invoiceIds).execute();
  let tasksQuery = db.selectFrom('tasks').select(['customer_id', 'invoice_id', 'kind', 'status', 'details']).where((eb) => eb.or([eb('status', '=', 'open'), eb('kind', '=', 'escalation')]));
  if (customerId) tasksQuery = tasksQuery.where('customer_id', '=', customerId);
  const tasks = await tasksQuery.execute();
  let promisesQuery = db
    .selectFrom('promises as p')
    .leftJoin('promise_tracking as pt', 'pt.promise_id', 'p.id')
    .select(['p.id', 'p.customer_id', 'p.invoice_numbers', 'p.amount', 'p.promised_date', 'pt.open_at_promise'])
    .where('p.status', '=', 'open')
    .orderBy('p.created_at');
  if (customerId) promisesQuery = promisesQuery.where('p.customer_id', '=', customerId);
  const promises = await promisesQuery.execute();
  let repliesQuery = db
    .selectFrom('communication_log')
    .select(['customer_id', (eb) => eb.fn.max('day').as('last_day')])
    .where('kind', 'in', [...replyLogKinds])
    .where('day', '<=', asOf)
    .groupBy('customer_id');
  if (customerId) repliesQuery = repliesQuery.where('customer_id', '=', customerId);
  const lastReplies = new Map((await repliesQuery.execute()).map((row) => [row.customer_id, row.last_day as IsoDate]));
  const cadenceRows = await db.selectFrom('cadences').select(['id', 'segment', 'customer_id', 'steps']).execute();
  const cadences: Cadence[] = cadenceRows.map((row) => ({ id: row.id, segment: row.segment, customerId: row.customer_id, steps: row.steps as CadenceStep[] }));
  const templateIds = new Set((await db.selectFrom('reminder_templates').select('id').execute()).map((row) => row.id));

  let termsQuery = db.selectFrom('negotiated_terms').selectAll();
  if (customerId) termsQuery = termsQuery.where('customer_id', '=', customerId);
  const termsRows = await termsQuery.execute();
  const terms = new Map<string, NegotiatedTerms>(termsRows.map((row) => [row.customer_id, { paymentTermsDays: row.payment_terms_days, discountBps: row.discount_bps, listPrices: row.list_prices as Record<string, number>, notes: row.notes }]));
  const termsInvoiceIds = invoices.filter((invoice) => terms.has(invoice.customer_id)).map((invoice) => invoice.id);
  const checked = termsInvoiceIds.length === 0 ? new Set<string>() : new Set((await db.selectFrom('terms_checks').select('invoice_id').where('invoice_id', 'in', termsInvoiceIds).execute()).map((row) => row.invoice_id));
  const unchecked = termsInvoiceIds.filter((id) => !checked.has(id));
  const lines = unchecked.length === 0 ? [] : await db.selectFrom('invoice_lines').select(['invoice_id', 'description', 'unit_price']).where('invoice_id', 'in', unchecked).orderBy('position').execute();

  const stepsByInvoice = groupBy(steps, (step) => step.invoice_id);
  const linesByInvoice = groupBy(lines, (line) => line.invoice_id);
  const invoicesByCustomer = groupBy(invoices, (invoice) => invoice.customer_id);
  const escalated = new Set(tasks.filter((task) => task.kind === 'escalation').flatMap((task) => ((task.details as { invoiceIds?: string[] }).invoiceIds ?? [])));
  const openTermsTasks = new Set(tasks.filter((task) => task.kind === 'terms_mismatch' && task.status === 'open').map((task) => task.invoice_id));
  const pausing = new Set(tasks.filter((task) => task.status === 'open' && (pausingTaskKinds as readonly string[]).includes(task.kind)).map((task) => task.customer_id));
  const promisesByCustomer = groupBy(promises, (promise) => promise.customer_id);
  const uncheckedSet = new Set(unchecked);

  return customers.map((customer) => {
    const factInvoices: FactInvoice[] = (invoicesByCustomer.get(customer.id) ?? []).map((invoice) => ({
      id: invoice.id, number: invoice.number, currency: invoice.currency, issueDate: invoice.issue_date, dueDate: invoice.due_date, openAmount: Number(invoice.open_amount), openDispute: invoice.dispute_id !== null,
      steps: (stepsByInvoice.get(invoice.id) ?? []).map((step) => ({ offset: step.step_offset, day: step.day, outcome: step.outcome as 'sent' | 'skipped', openAmount: Number(step.open_amount) })),
      everEscalated: escalated.has(invoice.id),
      openTermsTask: openTermsTasks.has(invoice.id),
      ...(uncheckedSet.has(invoice.id) ? { uncheckedLines: (linesByInvoice.get(invoice.id) ?? []).map((line) => ({ description: line.description, unitPrice: Number(line.unit_price) })) } : {}),
    }));
    const factPromises: FactPromise[] = (promisesByCustomer.get(customer.id) ?? []).map((promise) => ({
      id: promise.id, invoiceNumbers: promise.invoice_numbers as string[], amount: Number(promise.amount), date: promise.promised_date, openAtPromise: promise.open_at_promise === null ? null : Number(promise.open_at_promise),
    }));
    const contact = firstContact(customer.contacts);
    return {
      info: {
        id: customer.id, ref: customer.ref, name: customer.name, contact,
        salesOwner: customer.sales_owner_id && customer.owner_email ? { id: customer.sales_owner_id, email: customer.owner_email, name: customer.owner_name ?? '' } : null,
      },
      facts: {
        customerId: customer.id, currency: customer.currency, creditLimit: BigInt(customer.credit_limit), unbilledOrders: BigInt(customer.unbilled_orders ?? 0n),
        onHold: customer.on_hold, holdReason: customer.hold_reason, limitAlert: (customer.limit_alert as LimitAlert | null) ?? null, pausedUntil: customer.paused_until ?? null,
        lastReplyOn: lastReplies.get(customer.id) ?? null, overdueThreshold: customer.overdue_hold_threshold === null || customer.overdue_hold_threshold === undefined ? null : BigInt(customer.overdue_hold_threshold),
        hasOpenPausingTask: pausing.has(customer.id), hasContact: contact !== undefined, invoices: factInvoices, promises: factPromises, terms: terms.get(customer.id) ?? null,
        steps: cadenceFor(cadences, { id: customer.id, segment: customer.segment })?.steps ?? [], templateIds,
      },
    };
  });
}
