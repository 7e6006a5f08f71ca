/**
 * Who is making a request. Staff log in with a cookie; share-link holders (customer, viewer)
 * present a signed token. Routes ask `request.actor` and check permissions from shared/roles.
 */
import type { ApiKeyRole, LinkRole, StaffRole } from '../../shared/roles.ts';

export interface StaffActor {
  readonly kind: 'staff';
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
}

export interface LinkActor {
  readonly kind: 'link';
  readonly linkId: string;
  readonly sessionId: string;
  readonly customerId: string;
  readonly role: LinkRole;
  readonly name: string;
}

/** A machine client (ERP/CRM sync) presenting `Authorization: Bearer <key>`; see server/api-keys. */
export interface ApiKeyActor {
  readonly kind: 'api_key';
  readonly keyId: string;
  readonly name: string;
  readonly role: ApiKeyRole;
}

export type Actor = StaffActor | LinkActor | ApiKeyActor;

/** The name recorded in the audit trail for this actor. */
export function actorLabel(actor: Actor): string {
  if (actor.kind === 'api_key') return `api-key:${actor.name}:${actor.keyId}`;
  return actor.kind === 'staff' ? `${actor.role}:${actor.email}` : `${actor.role}-link:${actor.linkId}`;
}
