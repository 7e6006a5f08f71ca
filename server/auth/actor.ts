/**
 * Who is making a request. Staff log in with a cookie; share-link holders (customer, viewer)
 * present a signed token. Routes ask `request.actor` and check permissions from shared/roles.
 */
import type { LinkRole, StaffRole } from '../../shared/roles.ts';

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

export type Actor = StaffActor | LinkActor;

/** The name recorded in the audit trail for this actor. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'staff' ? `${actor.role}:${actor.email}` : `${actor.role}-link:${actor.linkId}`;
}
