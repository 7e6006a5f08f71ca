/**
 * Who may see and change which session, in one place for the REST routes and the sync server.
 * Staff: finance and admin see every session; sales only those of customers they own. A link
 * sees exactly its own session; a customer link the `shared` document only.
 */
import type { Actor } from '../auth/actor.ts';
import { can, Permission } from '../../shared/roles.ts';
import { DocName } from '../../shared/doc/session-doc.ts';
import type { SessionRecord } from './session-repository.ts';

export function maySeeSession(actor: Actor, session: Pick<SessionRecord, 'id' | 'salesOwnerId'>): boolean {
  if (actor.kind === 'link') return actor.sessionId === session.id;
  if (actor.kind !== 'staff') return false;
  if (can(actor.role, Permission.readAllCustomers)) return true;
  return can(actor.role, Permission.readOwnCustomers) && session.salesOwnerId === actor.userId;
}

/** Staff who may create, close and share sessions of this customer. */
export function mayManageSessionsOf(actor: Actor, customer: { readonly salesOwnerId: string | null }): boolean {
  if (actor.kind !== 'staff' || !can(actor.role, Permission.manageSessions)) return false;
  return can(actor.role, Permission.readAllCustomers) || customer.salesOwnerId === actor.userId;
}

export type DocAccess = { readonly ok: true; readonly canWrite: boolean } | { readonly ok: false; readonly reason: string };

/** Whether the actor may open one of a session's documents, and whether its writes count. */
export function docAccess(actor: Actor, doc: DocName): DocAccess {
  if (actor.kind === 'api_key') return { ok: false, reason: 'API keys cannot join live sessions' };
  if (doc === DocName.team) {
    return can(actor.role, Permission.readTeamDocument) ? { ok: true, canWrite: true } : { ok: false, reason: `the ${actor.role} role may only open the shared document` };
  }
  return { ok: true, canWrite: can(actor.role, Permission.writeSharedDocument) };
}
