/**
 * The cast of the access-control matrix (issue 9): two customers — A owned by one sales rep,
 * B by another — with invoices, a payment, a dispute with an internal comment, a task and
 * internal terms notes on A; a session per customer with customer and viewer links; staff of
 * every role; and API keys of both scopes. Every role of `accessRoles` becomes request headers.
 * The markers are strings a link holder must never receive (internal notes, tasks, the other
 * customer's data); the matrix searches every response body a link gets for them.
 */
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../server/ledger/ledger-api.ts';
import { createTask } from '../../server/collections/task-repository.ts';
import { utcDate } from '../../shared/time/dates.ts';
import { customerWithInvoices, sessionWithLinks } from '../integration/sync/sync-fixtures.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { createUser } from '../../server/auth/users.ts';
import type { StaffRole } from '../../shared/roles.ts';
import { TEST_PASSWORD, type TestApp } from './test-app.ts';

export const accessRoles = [
  'anonymous',
  'customerLink',
  'customerLinkQuery',
  'otherCustomerLink',
  'viewerLink',
  'salesOwner',
  'salesOther',
  'finance',
  'admin',
  'apiRead',
  'apiWriteLedger',
] as const;
export type AccessRole = (typeof accessRoles)[number];
export const linkRoles: readonly AccessRole[] = ['customerLink', 'customerLinkQuery', 'otherCustomerLink', 'viewerLink'];

export interface Staff {
  readonly cookie: string;
  readonly userId: string;
  readonly email: string;
}

export interface WorldCustomer {
  readonly id: string;
  readonly ref: string;
  readonly name: string;
  readonly invoiceNumbers: readonly string[];
  readonly sessionId: string;
}

export interface AccessWorld {
  readonly t: TestApp;
  readonly a: WorldCustomer;
  readonly b: WorldCustomer;
  readonly staff: { readonly salesOwner: Staff; readonly salesOther: Staff; readonly finance: Staff; readonly admin: Staff };
  readonly links: { readonly customerA: ShareLink; readonly viewerA: ShareLink; readonly customerB: ShareLink };
  readonly apiKeys: { readonly read: string; readonly writeLedger: string };
  readonly paymentIdA: string;
  readonly disputeIdA: string;
  readonly taskIdA: string;
  /** Strings that only staff of customer A may see. */
  readonly internalMarkers: readonly string[];
  /** Mints another link of session A (for revocation and expiry checks). */
  mintA(role: 'customer' | 'viewer', expiresInHours?: number): Promise<ShareLink>;
  /** Request headers and URL for one role (links go as `Authorization: Bearer`, or `?token=`). */
  as(role: AccessRole, url: string): { url: string; headers: Record<string, string> };
  /** A unique suffix for refs, numbers and names. */
  unique(): string;
  readonly today: string;
  readonly ctx: CommandContext;
}

export interface ShareLink {
  readonly id: string;
  readonly token: string;
}

export function plusDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A staff user with a live login (a session row, as POST /auth/login makes: one scrypt hash, not two). */
async function staffMember(t: TestApp, role: StaffRole): Promise<Staff> {
  const email = `${role}-${randomUUID().slice(0, 8)}@test.cashlens`;
  const user = await createUser(t.app.db, { email, name: `${role} ${email.slice(role.length + 1, role.length + 5)}`, role, password: TEST_PASSWORD });
  const { token } = await createSession(t.app.db, user.id, t.app.config.now());
  return { cookie: `${SESSION_COOKIE}=${token}`, userId: user.id, email };
}

async function apiKey(t: TestApp, admin: Staff, scopes: string[]): Promise<string> {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: admin.cookie }, payload: { name: `matrix ${scopes.join('+')}`, scopes } });
  if (response.statusCode !== 201) throw new Error(`api key: ${response.statusCode} ${response.body}`);
  return response.json<{ key: string }>().key;
}

async function worldCustomer(t: TestApp, owner: Staff, manager: Staff): Promise<{ customer: WorldCustomer; mint: (role: 'customer' | 'viewer', hours?: number) => Promise<ShareLink> }> {
  const created = await customerWithInvoices(t, { salesOwnerId: owner.userId, invoices: 3 });
  const row = await t.app.db.selectFrom('customers').select('name').where('id', '=', created.id).executeTakeFirstOrThrow();
  const { sessionId, mint } = await sessionWithLinks(t, manager.cookie, created.ref);
  return { customer: { id: created.id, ref: created.ref, name: row.name, invoiceNumbers: created.invoiceNumbers, sessionId }, mint };
}

export async function buildAccessWorld(t: TestApp): Promise<AccessWorld> {
  const [salesOwner, salesOther, finance, admin] = await Promise.all([staffMember(t, 'sales'), staffMember(t, 'sales'), staffMember(t, 'finance'), staffMember(t, 'admin')]);
  const ctx: CommandContext = { actor: { kind: 'system', name: 'access-matrix' }, requestId: 'access-matrix' };
  const today = utcDate(t.app.config.now());
  const built = await worldCustomer(t, salesOwner, salesOwner);
  const other = await worldCustomer(t, salesOther, salesOther);
  const a = built.customer;
  const b = other.customer;

  const marker = `INTERNAL-${randomUUID().slice(0, 8)}`;
  const payment = await t.app.ledger.receivePayment(ctx, { customerRef: a.ref, date: today, amount: 1_00, currency: 'USD', allocations: [{ invoiceNumber: a.invoiceNumbers[0]!, amount: 1_00 }] });
  if (!payment.ok) throw new Error(payment.error.message);
  const dispute = await t.app.ledger.openDispute(ctx, { invoiceNumber: a.invoiceNumbers[2]!, reason: 'pricing', note: `${marker}-dispute-note` });
  if (!dispute.ok) throw new Error(dispute.error.message);
  const comment = await t.app.ledger.commentDispute(ctx, dispute.value.id, `${marker}-comment: margin is thin, concede 5%`);
  if (!comment.ok) throw new Error(comment.error.message);
  const task = await createTask(t.app.db, { kind: 'follow_up', title: `${marker}-task: call the CFO`, customerId: a.id, assigneeId: salesOwner.userId, dueDate: today, details: {} });
  const terms = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/collections/customers/${a.id}/terms`,
    headers: { cookie: finance.cookie },
    payload: { paymentTermsDays: 30, discountPercent: 0, notes: `${marker}-terms: never below list` },
  });
  if (terms.statusCode !== 200) throw new Error(`terms: ${terms.statusCode} ${terms.body}`);

  const links = { customerA: await built.mint('customer'), viewerA: await built.mint('viewer'), customerB: await other.mint('customer') };
  const apiKeys = { read: await apiKey(t, admin, ['read']), writeLedger: await apiKey(t, admin, ['write-ledger']) };
  const staff = { salesOwner, salesOther, finance, admin };

  let counter = 0;
  const withQuery = (url: string, key: string, value: string) => `${url}${url.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(value)}`;
  return {
    t,
    a,
    b,
    staff,
    links,
    apiKeys,
    paymentIdA: payment.value.id,
    disputeIdA: dispute.value.id,
    taskIdA: task.id,
    internalMarkers: [marker],
    mintA: built.mint,
    today,
    ctx,
    unique: () => `${process.pid}-${++counter}-${randomUUID().slice(0, 6)}`,
    as(role, url): { url: string; headers: Record<string, string> } {
      switch (role) {
        case 'anonymous':
          return { url, headers: {} };
        case 'customerLink':
          return { url, headers: { authorization: `Bearer ${links.customerA.token}` } };
        case 'customerLinkQuery':
          return { url: withQuery(url, 'token', links.customerA.token), headers: {} };
        case 'otherCustomerLink':
          return { url, headers: { authorization: `Bearer ${links.customerB.token}` } };
        case 'viewerLink':
          return { url, headers: { authorization: `Bearer ${links.viewerA.token}` } };
        case 'apiRead':
          return { url, headers: { authorization: `Bearer ${apiKeys.read}` } };
        case 'apiWriteLedger':
          return { url, headers: { authorization: `Bearer ${apiKeys.writeLedger}` } };
        default:
          return { url, headers: { cookie: staff[role].cookie } };
      }
    },
  };
}

/** A fresh login of a staff role (for routes that end the session they are called with). */
export async function freshCookie(world: AccessWorld, role: keyof AccessWorld['staff']): Promise<string> {
  const { token } = await createSession(world.t.app.db, world.staff[role].userId, world.t.app.config.now());
  return `${SESSION_COOKIE}=${token}`;
}
