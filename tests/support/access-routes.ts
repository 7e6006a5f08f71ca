/**
 * The access-control table (issue 9): every `/api/v1` route, how to call it with realistic
 * data of customer A (owned by `salesOwner`), and the status class each role must get.
 * A new route fails the matrix until it has a row here, so its access is decided on purpose.
 *
 * Link roles authenticate only on `/portal/*`, `/auth/me` (and `/sync`), so on every other path
 * they are anonymous: 401. Writes that consume their target (close, revoke, resolve, apply…)
 * get a fresh target per cell, so each role is judged on the same kind of object.
 */
import { createShareLink, createSession } from '../../server/sessions/session-repository.ts';
import { createApiKey } from '../../server/api-keys/api-keys.ts';
import { createSubscription, enqueueEvents } from '../../server/webhooks/webhook-repository.ts';
import { createTemplate } from '../../server/collections/template-repository.ts';
import { createCadence } from '../../server/collections/cadence-repository.ts';
import { createUser } from '../../server/auth/users.ts';
import { camtV2 } from '../integration/bank/camt-fixtures.ts';
import { accessRoles, linkRoles, plusDays, type AccessRole, type AccessWorld } from './access-world.ts';

/** `2xx`, or the exact refusal status. */
export type Outcome = '2xx' | 400 | 401 | 403 | 404;
type StaffAndKeys = 'salesOwner' | 'salesOther' | 'finance' | 'admin' | 'apiRead' | 'apiWriteLedger';
type Grid = Readonly<Record<StaffAndKeys, Outcome>>;

export interface RouteRequest {
  readonly url: string;
  readonly payload?: unknown;
  readonly headers?: Record<string, string>;
}

export interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As Fastify registers it, e.g. `/api/v1/customers/:id`. */
  readonly path: string;
  readonly expect: Readonly<Record<AccessRole, Outcome>>;
  request(world: AccessWorld, role: AccessRole): Promise<RouteRequest> | RouteRequest;
  /** The call ends the caller's login: staff get a fresh cookie for it. */
  readonly consumesLogin?: boolean;
}

const ok = '2xx' as const;

/** A route that only staff and API keys reach: anonymous and link holders are unauthenticated there. */
function grid(staff: Grid): Record<AccessRole, Outcome> {
  return { anonymous: 401, customerLink: 401, customerLinkQuery: 401, otherCustomerLink: 401, viewerLink: 401, ...staff };
}

const everyone: Grid = { salesOwner: ok, salesOther: ok, finance: ok, admin: ok, apiRead: ok, apiWriteLedger: ok };
/** `post_ledger`: finance, admin and write-ledger keys. */
const postLedger: Grid = { salesOwner: 403, salesOther: 403, finance: ok, admin: ok, apiRead: 403, apiWriteLedger: ok };
/** `read_all_customers`: not sales. */
const readAll: Grid = { salesOwner: 403, salesOther: 403, finance: ok, admin: ok, apiRead: ok, apiWriteLedger: ok };
const adminOnly: Grid = { salesOwner: 403, salesOther: 403, finance: 403, admin: ok, apiRead: 403, apiWriteLedger: 403 };
/** Staff logins with role finance or admin (keys are not staff). */
const financeOrAdmin: Grid = { salesOwner: 403, salesOther: 403, finance: ok, admin: ok, apiRead: 403, apiWriteLedger: 403 };
/** Any staff login; keys are not staff. */
const anyStaff: Grid = { salesOwner: ok, salesOther: ok, finance: ok, admin: ok, apiRead: 403, apiWriteLedger: 403 };
/** Reads about customer A: its owner, finance, admin and keys; another sales rep gets `other`. */
const readsOfA = (other: Outcome): Grid => ({ salesOwner: ok, salesOther: other, finance: ok, admin: ok, apiRead: ok, apiWriteLedger: ok });
/** Staff-only work on customer A: its owner, finance and admin; another sales rep gets `other`. */
const staffWorkOnA = (other: Outcome): Grid => ({ salesOwner: ok, salesOther: other, finance: ok, admin: ok, apiRead: 403, apiWriteLedger: 403 });
/** Disputes: sales may open and comment on its own customers' invoices; keys may not. */
const disputeWork: Grid = { salesOwner: ok, salesOther: 403, finance: ok, admin: ok, apiRead: 403, apiWriteLedger: 403 };
/** Promises: sales for its own customers, finance, admin, and an ERP with a write-ledger key. */
const promiseWork: Grid = { salesOwner: ok, salesOther: 403, finance: ok, admin: ok, apiRead: 403, apiWriteLedger: ok };
const publicRoute = (outcome: Outcome): Record<AccessRole, Outcome> => Object.fromEntries(accessRoles.map((role) => [role, outcome])) as Record<AccessRole, Outcome>;
/** The customer portal: share links only; staff and keys are refused. */
const portal: Record<AccessRole, Outcome> = { ...grid({ salesOwner: 403, salesOther: 403, finance: 403, admin: 403, apiRead: 403, apiWriteLedger: 403 }), ...Object.fromEntries(linkRoles.map((role) => [role, ok])) };

// ---- targets -------------------------------------------------------------------------------------

/**
 * Targets a successful call consumes (a payment applied, a session closed, a link revoked) are
 * made anew after each 2xx; roles refused before touching one share it, so setup stays cheap.
 */
const unconsumed = new Map<string, Promise<unknown>>();
function target<T>(key: string, create: () => Promise<T>): Promise<T> {
  let made = unconsumed.get(key) as Promise<T> | undefined;
  if (!made) unconsumed.set(key, (made = create()));
  return made;
}
export function targetsConsumed(): void {
  unconsumed.clear();
}

async function freshInvoice(w: AccessWorld): Promise<string> {
  const number = `MX-${w.unique()}`;
  const issued = await w.t.app.ledger.issueInvoice(w.ctx, { customerRef: w.a.ref, number, issueDate: plusDays(w.today, -40), lines: [{ description: 'Seal kit', quantity: 1, unitPrice: 50_00 }] });
  if (!issued.ok) throw new Error(issued.error.message);
  return number;
}

async function freshPayment(w: AccessWorld, allocateTo?: string): Promise<{ id: string; transactionId: string }> {
  const paid = await w.t.app.ledger.receivePayment(w.ctx, { customerRef: w.a.ref, date: w.today, amount: 2_00, currency: 'USD', reference: w.unique(), ...(allocateTo ? { allocations: [{ invoiceNumber: allocateTo, amount: 1_00 }] } : { allocations: [] }) });
  if (!paid.ok) throw new Error(paid.error.message);
  const row = await w.t.app.db.selectFrom('journal_entries').select('transaction_id').where('payment_id', '=', paid.value.id).executeTakeFirstOrThrow();
  return { id: paid.value.id, transactionId: row.transaction_id };
}

async function freshDispute(w: AccessWorld): Promise<string> {
  const opened = await w.t.app.ledger.openDispute(w.ctx, { invoiceNumber: await freshInvoice(w), reason: 'quantity', note: 'two units short' });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value.id;
}

/** One bank line nobody could match: it waits in the review queue. */
async function freshReviewEntry(w: AccessWorld): Promise<string> {
  const ref = `BANK-${w.unique()}`;
  const query = new URLSearchParams({ account: 'US-ACCESS-1', currency: 'USD', date: 'date', amount: 'amount', reference: 'text', name: 'payer', id: 'id' });
  const response = await w.t.app.inject({ method: 'POST', url: `/api/v1/imports/bank-csv?${query}`, headers: { cookie: w.staff.finance.cookie, 'content-type': 'text/csv' }, payload: `date,amount,text,payer,id\n${w.today},1.23,no reference,Nobody Known,${ref}\n` });
  if (response.statusCode !== 200) throw new Error(`bank csv: ${response.statusCode} ${response.body}`);
  const row = await w.t.app.db.selectFrom('bank_entries').select('id').where('entry_ref', '=', ref).where('status', '=', 'review').executeTakeFirstOrThrow();
  return row.id;
}

async function freshTemplate(w: AccessWorld): Promise<string> {
  const created = await createTemplate(w.t.app.db, { name: `Matrix ${w.unique()}`, level: 'friendly', subject: 'Invoices due', body: 'Dear {{customerName}}, please pay.' });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

async function freshCadence(w: AccessWorld): Promise<string> {
  const created = await createCadence(w.t.app.db, { segment: `matrix-${w.unique()}`, steps: [{ offsetDays: 3, templateId: await freshTemplate(w) }] });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

async function freshSubscription(w: AccessWorld): Promise<string> {
  return (await createSubscription(w.t.app.db, { url: 'http://127.0.0.1:9/matrix', events: ['customer.on_hold'], createdBy: 'access-matrix' })).record.id;
}

let deliveryId: string | undefined;
/** One webhook delivery in the log, failed so nothing retries it (a removed subscription's could not be replayed). */
async function someDelivery(w: AccessWorld): Promise<string> {
  if (deliveryId) return deliveryId;
  const subscriptionId = await freshSubscription(w);
  const eventId = crypto.randomUUID();
  await enqueueEvents(w.t.app.db, [{ id: eventId, type: 'customer.on_hold', createdAt: new Date().toISOString(), data: { customerRef: w.a.ref } }], new Date());
  deliveryId = (await w.t.app.db.updateTable('webhook_deliveries').set({ status: 'failed', last_error: 'access matrix' }).where('subscription_id', '=', subscriptionId).returning('id').executeTakeFirstOrThrow()).id;
  return deliveryId;
}

let importJobId: string | undefined;
async function someImportJob(w: AccessWorld): Promise<string> {
  if (importJobId) return importJobId;
  const response = await w.t.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { cookie: w.staff.finance.cookie, 'content-type': 'text/csv' }, payload: invoiceCsv(w) });
  if (response.statusCode !== 200) throw new Error(`import: ${response.statusCode} ${response.body}`);
  importJobId = response.json<{ id: string }>().id;
  return importJobId;
}

function invoiceCsv(w: AccessWorld): string {
  return `customer_ref,invoice_number,issue_date,due_date,amount,currency\n${w.a.ref},IMP-${w.unique()},${plusDays(w.today, -10)},${plusDays(w.today, 20)},12.50,USD\n`;
}

let spareUserId: string | undefined;
async function spareUser(w: AccessWorld): Promise<string> {
  spareUserId ??= (await createUser(w.t.app.db, { email: `spare-${w.unique()}@test.cashlens`, name: 'Spare Rep', role: 'sales', password: 'long enough pw' })).id;
  return spareUserId;
}

export function resetRouteFixtures(): void {
  unconsumed.clear();
  deliveryId = undefined;
  importJobId = undefined;
  spareUserId = undefined;
}

// ---- the table -----------------------------------------------------------------------------------

const api = '/api/v1';
const promiseBody = (w: AccessWorld) => ({ invoiceNumbers: [w.a.invoiceNumbers[1]!], amount: 1_00, date: plusDays(w.today, 7) });

export const routeCases: readonly RouteCase[] = [
  // auth
  // Public: a body without password fails validation (400), which runs only after authentication would have said 401.
  { method: 'POST', path: `${api}/auth/login`, expect: publicRoute(400), request: (w) => ({ url: `${api}/auth/login`, payload: { email: w.staff.finance.email } }) },
  { method: 'POST', path: `${api}/auth/logout`, consumesLogin: true, expect: publicRoute(ok), request: () => ({ url: `${api}/auth/logout` }) },
  { method: 'GET', path: `${api}/auth/me`, expect: { ...grid(everyone), customerLink: ok, customerLinkQuery: ok, otherCustomerLink: ok, viewerLink: ok }, request: () => ({ url: `${api}/auth/me` }) },

  // users and integrations
  { method: 'GET', path: `${api}/users`, expect: grid(adminOnly), request: () => ({ url: `${api}/users` }) },
  { method: 'POST', path: `${api}/users`, expect: grid(adminOnly), request: (w) => ({ url: `${api}/users`, payload: { email: `new-${w.unique()}@test.cashlens`, name: 'New Rep', role: 'sales', password: 'long enough pw' } }) },
  { method: 'PATCH', path: `${api}/users/:id`, expect: grid(adminOnly), request: async (w) => ({ url: `${api}/users/${await spareUser(w)}`, payload: { name: 'Renamed Rep' } }) },
  { method: 'GET', path: `${api}/api-keys`, expect: grid(adminOnly), request: () => ({ url: `${api}/api-keys` }) },
  { method: 'POST', path: `${api}/api-keys`, expect: grid(adminOnly), request: () => ({ url: `${api}/api-keys`, payload: { name: 'CRM', scopes: ['read'] } }) },
  { method: 'DELETE', path: `${api}/api-keys/:id`, expect: grid(adminOnly), request: async (w) => ({ url: `${api}/api-keys/${await target('api-key', async () => (await createApiKey(w.t.app.db, { name: 'spare', scopes: ['read'], createdBy: 'matrix' })).record.id)}` }) },
  { method: 'POST', path: `${api}/admin/backup`, expect: grid(adminOnly), request: () => ({ url: `${api}/admin/backup` }) },
  { method: 'GET', path: `${api}/webhooks`, expect: grid(adminOnly), request: () => ({ url: `${api}/webhooks` }) },
  { method: 'POST', path: `${api}/webhooks`, expect: grid(adminOnly), request: () => ({ url: `${api}/webhooks`, payload: { url: 'https://93.184.215.14/cashlens-hook', events: ['customer.on_hold'] } }) },
  { method: 'DELETE', path: `${api}/webhooks/:id`, expect: grid(adminOnly), request: async (w) => ({ url: `${api}/webhooks/${await target('subscription', () => freshSubscription(w))}` }) },
  { method: 'GET', path: `${api}/webhooks/deliveries`, expect: grid(adminOnly), request: () => ({ url: `${api}/webhooks/deliveries` }) },
  { method: 'GET', path: `${api}/webhooks/deliveries/:id`, expect: grid(adminOnly), request: async (w) => ({ url: `${api}/webhooks/deliveries/${await someDelivery(w)}` }) },
  { method: 'POST', path: `${api}/webhooks/deliveries/:id/replay`, expect: grid(adminOnly), request: async (w) => ({ url: `${api}/webhooks/deliveries/${await someDelivery(w)}/replay` }) },

  // customers and promises
  { method: 'GET', path: `${api}/customers`, expect: grid(everyone), request: () => ({ url: `${api}/customers` }) },
  { method: 'GET', path: `${api}/customers/:id`, expect: grid(readsOfA(403)), request: (w) => ({ url: `${api}/customers/${w.a.id}` }) },
  { method: 'POST', path: `${api}/customers`, expect: grid(postLedger), request: (w) => ({ url: `${api}/customers`, payload: { ref: `ERP-${w.unique()}`, name: 'Imported Co', currency: 'USD' } }) },
  { method: 'PATCH', path: `${api}/customers/:id`, expect: grid(postLedger), request: (w) => ({ url: `${api}/customers/${w.a.id}`, payload: { paymentTermsDays: 30 } }) },
  { method: 'POST', path: `${api}/promises`, expect: grid(promiseWork), request: (w) => ({ url: `${api}/promises`, payload: { customerRef: w.a.ref, ...promiseBody(w) } }) },
  { method: 'POST', path: `${api}/collections/promises`, expect: grid(promiseWork), request: (w) => ({ url: `${api}/collections/promises`, payload: { customerId: w.a.id, ...promiseBody(w) } }) },
  { method: 'GET', path: `${api}/collections/promises`, expect: grid(readsOfA(403)), request: (w) => ({ url: `${api}/collections/promises?customerId=${w.a.id}` }) },

  // invoices, payments and other ledger commands
  { method: 'GET', path: `${api}/invoices`, expect: grid(everyone), request: () => ({ url: `${api}/invoices` }) },
  { method: 'GET', path: `${api}/invoices/:number`, expect: grid(readsOfA(403)), request: (w) => ({ url: `${api}/invoices/${w.a.invoiceNumbers[0]}` }) },
  { method: 'POST', path: `${api}/invoices`, expect: grid(postLedger), request: (w) => ({ url: `${api}/invoices`, payload: { customerRef: w.a.ref, number: `MX-${w.unique()}`, issueDate: w.today, lines: [{ description: 'Filter', quantity: 2, unitPrice: 10_00 }] } }) },
  { method: 'GET', path: `${api}/payments`, expect: grid(everyone), request: () => ({ url: `${api}/payments` }) },
  { method: 'GET', path: `${api}/payments/:id`, expect: grid(readsOfA(403)), request: (w) => ({ url: `${api}/payments/${w.paymentIdA}` }) },
  { method: 'POST', path: `${api}/payments`, expect: grid(postLedger), request: (w) => ({ url: `${api}/payments`, payload: { customerRef: w.a.ref, date: w.today, amount: 1_00, currency: 'USD', allocations: [] } }) },
  { method: 'POST', path: `${api}/payments/:id/apply`, expect: grid(postLedger), request: async (w) => ({ url: `${api}/payments/${(await target('payment-apply', () => freshPayment(w))).id}/apply`, payload: { allocations: [{ invoiceNumber: w.a.invoiceNumbers[1]!, amount: 1_00 }] } }) },
  { method: 'POST', path: `${api}/payments/:id/unapply`, expect: grid(postLedger), request: async (w) => ({ url: `${api}/payments/${(await target('payment-unapply', () => freshPayment(w, w.a.invoiceNumbers[1]))).id}/unapply`, payload: { invoiceNumber: w.a.invoiceNumbers[1]!, amount: 1_00 } }) },
  { method: 'POST', path: `${api}/payments/:id/refunds`, expect: grid(postLedger), request: async (w) => ({ url: `${api}/payments/${(await target('payment-refund', () => freshPayment(w))).id}/refunds`, payload: { amount: 1_00 } }) },
  { method: 'POST', path: `${api}/credit-notes`, expect: grid(postLedger), request: (w) => ({ url: `${api}/credit-notes`, payload: { invoiceNumber: w.a.invoiceNumbers[1]!, amount: 1, reason: 'goodwill' } }) },
  { method: 'POST', path: `${api}/write-offs`, expect: grid(postLedger), request: async (w) => ({ url: `${api}/write-offs`, payload: { invoiceNumber: await target('invoice-write-off', () => freshInvoice(w)), reason: 'insolvent' } }) },
  { method: 'POST', path: `${api}/ledger/reversals`, expect: grid(postLedger), request: async (w) => ({ url: `${api}/ledger/reversals`, payload: { transactionId: (await target('payment-reverse', () => freshPayment(w))).transactionId } }) },
  { method: 'GET', path: `${api}/ledger/entries`, expect: grid(financeOrAdmin), request: () => ({ url: `${api}/ledger/entries` }) },
  { method: 'GET', path: `${api}/ledger/trial-balance`, expect: grid(financeOrAdmin), request: () => ({ url: `${api}/ledger/trial-balance` }) },

  // disputes
  { method: 'GET', path: `${api}/disputes`, expect: grid(everyone), request: () => ({ url: `${api}/disputes` }) },
  { method: 'GET', path: `${api}/disputes/:id`, expect: grid(readsOfA(403)), request: (w) => ({ url: `${api}/disputes/${w.disputeIdA}` }) },
  { method: 'POST', path: `${api}/disputes`, expect: grid(disputeWork), request: async (w) => ({ url: `${api}/disputes`, payload: { invoiceNumber: await target('invoice-dispute', () => freshInvoice(w)), reason: 'quality', note: 'scratched housing' } }) },
  { method: 'POST', path: `${api}/disputes/:id/comments`, expect: grid(disputeWork), request: (w) => ({ url: `${api}/disputes/${w.disputeIdA}/comments`, payload: { body: 'Photos attached.' } }) },
  { method: 'POST', path: `${api}/disputes/:id/resolve`, expect: grid(financeOrAdmin), request: async (w) => ({ url: `${api}/disputes/${await target('dispute', () => freshDispute(w))}/resolve`, payload: { outcome: 'rejected', note: 'delivery note signed' } }) },

  // metrics and exports
  { method: 'GET', path: `${api}/metrics`, expect: grid(everyone), request: () => ({ url: `${api}/metrics` }) },
  { method: 'GET', path: `${api}/metrics/payers`, expect: grid(everyone), request: () => ({ url: `${api}/metrics/payers` }) },
  { method: 'GET', path: `${api}/exports/aging.csv`, expect: grid(everyone), request: () => ({ url: `${api}/exports/aging.csv` }) },
  { method: 'GET', path: `${api}/exports/invoices.csv`, expect: grid(readAll), request: () => ({ url: `${api}/exports/invoices.csv` }) },
  { method: 'GET', path: `${api}/exports/customers.csv`, expect: grid(readAll), request: () => ({ url: `${api}/exports/customers.csv` }) },
  { method: 'GET', path: `${api}/exports/journal.csv`, expect: grid(readAll), request: () => ({ url: `${api}/exports/journal.csv` }) },
  { method: 'GET', path: `${api}/exports/statement.csv`, expect: grid(readAll), request: (w) => ({ url: `${api}/exports/statement.csv?customer=${encodeURIComponent(w.a.ref)}` }) },

  // imports and bank
  { method: 'POST', path: `${api}/imports/invoices`, expect: grid(postLedger), request: (w) => ({ url: `${api}/imports/invoices`, headers: { 'content-type': 'text/csv' }, payload: invoiceCsv(w) }) },
  { method: 'GET', path: `${api}/imports`, expect: grid(postLedger), request: () => ({ url: `${api}/imports` }) },
  { method: 'GET', path: `${api}/imports/:id`, expect: grid(postLedger), request: async (w) => ({ url: `${api}/imports/${await someImportJob(w)}` }) },
  { method: 'POST', path: `${api}/imports/bank-statement`, expect: grid(postLedger), request: (w) => ({ url: `${api}/imports/bank-statement`, headers: { 'content-type': 'application/xml' }, payload: camtV2(`MX-${w.unique()}`, [{ ref: w.unique(), amount: '1.00', text: 'nothing to match' }], { currency: 'USD' }) }) },
  {
    method: 'POST',
    path: `${api}/imports/bank-csv`,
    expect: grid(postLedger),
    request: (w) => ({
      url: `${api}/imports/bank-csv?${new URLSearchParams({ account: 'US-ACCESS-2', currency: 'USD', date: 'date', amount: 'amount', id: 'id' })}`,
      headers: { 'content-type': 'text/csv' },
      payload: `date,amount,id\n${w.today},2.00,${w.unique()}\n`,
    }),
  },
  { method: 'GET', path: `${api}/bank/review`, expect: grid(postLedger), request: () => ({ url: `${api}/bank/review` }) },
  { method: 'GET', path: `${api}/bank/entries`, expect: grid(postLedger), request: () => ({ url: `${api}/bank/entries` }) },
  { method: 'POST', path: `${api}/bank/review/:id/confirm`, expect: grid(postLedger), request: async (w) => ({ url: `${api}/bank/review/${await target('bank-confirm', () => freshReviewEntry(w))}/confirm`, payload: { customerRef: w.a.ref } }) },
  { method: 'POST', path: `${api}/bank/review/:id/dismiss`, expect: grid(postLedger), request: async (w) => ({ url: `${api}/bank/review/${await target('bank-dismiss', () => freshReviewEntry(w))}/dismiss`, payload: { note: 'bank fee refund' } }) },

  // sessions and the portal
  { method: 'POST', path: `${api}/sessions`, expect: grid({ ...staffWorkOnA(400) }), request: (w) => ({ url: `${api}/sessions`, payload: { customerRef: w.a.ref, title: 'Quarterly review' } }) },
  { method: 'GET', path: `${api}/sessions`, expect: grid(anyStaff), request: () => ({ url: `${api}/sessions` }) },
  { method: 'GET', path: `${api}/sessions/:id`, expect: grid(staffWorkOnA(404)), request: (w) => ({ url: `${api}/sessions/${w.a.sessionId}` }) },
  {
    method: 'POST',
    path: `${api}/sessions/:id/close`,
    expect: grid(staffWorkOnA(404)),
    request: async (w) => ({ url: `${api}/sessions/${await target('session', async () => (await createSession(w.t.app.db, { customerId: w.a.id, title: 'Spare', createdBy: w.staff.salesOwner.userId })).id)}/close` }),
  },
  { method: 'POST', path: `${api}/sessions/:id/links`, expect: grid(staffWorkOnA(404)), request: (w) => ({ url: `${api}/sessions/${w.a.sessionId}/links`, payload: { role: 'viewer', expiresInHours: 1 } }) },
  {
    method: 'DELETE',
    path: `${api}/sessions/:id/links/:linkId`,
    expect: grid(staffWorkOnA(404)),
    request: async (w) => {
      const link = await target('link', () => createShareLink(w.t.app.db, { sessionId: w.a.sessionId, role: 'viewer', expiresAt: new Date(Date.now() + 3600_000), createdBy: null }));
      return { url: `${api}/sessions/${w.a.sessionId}/links/${link.id}` };
    },
  },
  { method: 'GET', path: `${api}/sessions/:id/links/:linkId/qr.svg`, expect: grid(staffWorkOnA(404)), request: (w) => ({ url: `${api}/sessions/${w.a.sessionId}/links/${w.links.viewerA.id}/qr.svg` }) },
  // The team's reply reaches the customer, so it is staff work on A (links are anonymous off /portal).
  { method: 'POST', path: `${api}/sessions/:id/messages`, expect: grid(staffWorkOnA(404)), request: (w) => ({ url: `${api}/sessions/${w.a.sessionId}/messages`, payload: { body: 'We received your remittance, thank you.' } }) },
  { method: 'GET', path: `${api}/portal/session`, expect: portal, request: () => ({ url: `${api}/portal/session` }) },
  { method: 'GET', path: `${api}/portal/invoices`, expect: portal, request: () => ({ url: `${api}/portal/invoices` }) },
  { method: 'GET', path: `${api}/portal/products`, expect: portal, request: () => ({ url: `${api}/portal/products` }) },
  { method: 'GET', path: `${api}/portal/statement`, expect: portal, request: () => ({ url: `${api}/portal/statement` }) },
  { method: 'GET', path: `${api}/portal/statement.csv`, expect: portal, request: () => ({ url: `${api}/portal/statement.csv` }) },
  { method: 'GET', path: `${api}/portal/statement.pdf`, expect: portal, request: () => ({ url: `${api}/portal/statement.pdf` }) },
  { method: 'POST', path: `${api}/portal/messages`, expect: { ...portal, viewerLink: 403 }, request: () => ({ url: `${api}/portal/messages`, payload: { body: 'We paid last week, please check.' } }) },

  // collections
  { method: 'POST', path: `${api}/collections/run`, expect: grid(postLedger), request: (w) => ({ url: `${api}/collections/run`, payload: { asOf: w.today } }) },
  { method: 'GET', path: `${api}/collections/outbox`, expect: grid(financeOrAdmin), request: () => ({ url: `${api}/collections/outbox` }) },
  { method: 'GET', path: `${api}/collections/log`, expect: grid(staffWorkOnA(403)), request: (w) => ({ url: `${api}/collections/log?customerId=${w.a.id}` }) },
  { method: 'GET', path: `${api}/collections/settings`, expect: grid(financeOrAdmin), request: () => ({ url: `${api}/collections/settings` }) },
  { method: 'PUT', path: `${api}/collections/settings`, expect: grid(financeOrAdmin), request: () => ({ url: `${api}/collections/settings`, payload: { escalateAfterReminders: 3 } }) },
  { method: 'GET', path: `${api}/collections/customers/:customerId`, expect: grid(staffWorkOnA(403)), request: (w) => ({ url: `${api}/collections/customers/${w.a.id}` }) },
  { method: 'PUT', path: `${api}/collections/customers/:customerId/pause`, expect: grid(staffWorkOnA(403)), request: (w) => ({ url: `${api}/collections/customers/${w.a.id}/pause`, payload: { until: plusDays(w.today, 3), reason: 'CFO on leave' } }) },
  { method: 'DELETE', path: `${api}/collections/customers/:customerId/pause`, expect: grid(staffWorkOnA(403)), request: (w) => ({ url: `${api}/collections/customers/${w.a.id}/pause` }) },
  { method: 'PUT', path: `${api}/collections/customers/:customerId/unbilled-orders`, expect: grid(staffWorkOnA(403)), request: (w) => ({ url: `${api}/collections/customers/${w.a.id}/unbilled-orders`, payload: { amount: 0 } }) },
  {
    method: 'PUT',
    path: `${api}/collections/customers/:customerId/terms`,
    expect: grid(staffWorkOnA(403)),
    request: (w) => ({ url: `${api}/collections/customers/${w.a.id}/terms`, payload: { paymentTermsDays: 30, discountPercent: 0, notes: `${w.internalMarkers[0]}-terms: never below list` } }),
  },
  {
    method: 'PUT',
    path: `${api}/collections/customers/:customerId/hold-threshold`,
    expect: grid(financeOrAdmin),
    request: (w) => ({ url: `${api}/collections/customers/${w.a.id}/hold-threshold`, payload: { overdueHoldThreshold: null } }),
  },
  { method: 'GET', path: `${api}/cadences`, expect: grid(anyStaff), request: () => ({ url: `${api}/cadences` }) },
  { method: 'POST', path: `${api}/cadences`, expect: grid(financeOrAdmin), request: async (w) => ({ url: `${api}/cadences`, payload: { segment: `seg-${w.unique()}`, steps: [{ offsetDays: 5, templateId: await target('template-for-cadence', () => freshTemplate(w)) }] } }) },
  { method: 'PUT', path: `${api}/cadences/:id`, expect: grid(financeOrAdmin), request: async (w) => ({ url: `${api}/cadences/${await target('cadence-put', () => freshCadence(w))}`, payload: { steps: [{ offsetDays: 7, templateId: await target('template-for-cadence', () => freshTemplate(w)) }] } }) },
  { method: 'DELETE', path: `${api}/cadences/:id`, expect: grid(financeOrAdmin), request: async (w) => ({ url: `${api}/cadences/${await target('cadence-delete', () => freshCadence(w))}` }) },
  { method: 'GET', path: `${api}/templates`, expect: grid(anyStaff), request: () => ({ url: `${api}/templates` }) },
  { method: 'POST', path: `${api}/templates`, expect: grid(financeOrAdmin), request: (w) => ({ url: `${api}/templates`, payload: { name: `T ${w.unique()}`, level: 'firm', subject: 'Overdue', body: 'Please pay {{customerName}}.' } }) },
  { method: 'PUT', path: `${api}/templates/:id`, expect: grid(financeOrAdmin), request: async (w) => ({ url: `${api}/templates/${await target('template-put', () => freshTemplate(w))}`, payload: { name: `T ${w.unique()}`, level: 'final', subject: 'Final notice', body: 'Last call.' } }) },
  { method: 'DELETE', path: `${api}/templates/:id`, expect: grid(financeOrAdmin), request: async (w) => ({ url: `${api}/templates/${await target('template-delete', () => freshTemplate(w))}` }) },
  { method: 'POST', path: `${api}/templates/preview`, expect: grid(staffWorkOnA(403)), request: (w) => ({ url: `${api}/templates/preview`, payload: { customerId: w.a.id, subject: 'Hello {{customerName}}', body: 'You owe us.' } }) },

  // tasks and products
  { method: 'GET', path: `${api}/tasks`, expect: grid(anyStaff), request: () => ({ url: `${api}/tasks` }) },
  { method: 'GET', path: `${api}/tasks/today`, expect: grid(anyStaff), request: () => ({ url: `${api}/tasks/today` }) },
  { method: 'PATCH', path: `${api}/tasks/:id`, expect: grid(staffWorkOnA(404)), request: (w) => ({ url: `${api}/tasks/${w.taskIdA}`, payload: { status: 'open' } }) },
  { method: 'GET', path: `${api}/products`, expect: grid(everyone), request: () => ({ url: `${api}/products` }) },
];
