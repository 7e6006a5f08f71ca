/**
 * What the ledger routes need from a request: the command context (actor, request id,
 * Idempotency-Key) and the read scope — finance, admin and read-scoped API keys see every
 * customer, sales only the customers it owns; share-link actors use the portal routes, not these.
 */
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '../../shared/errors.ts';
import { can, Permission } from '../../shared/roles.ts';
import { httpError } from '../http/error-map.ts';
import type { CommandContext } from './ledger-api.ts';

export function commandContext(request: FastifyRequest): CommandContext {
  const actor = request.actor;
  if (!actor) throw httpError(ErrorCode.unauthenticated, 'Log in first.');
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key !== undefined && (key.length === 0 || key.length > 200)) throw httpError(ErrorCode.validation, 'Idempotency-Key must be 1–200 characters', 'Idempotency-Key');
  // Keys the server writes itself (a bank line, a dispute from a live session): a client taking
  // one would make that bank line fail on every import and confirm.
  if (key !== undefined && RESERVED_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))) {
    throw httpError(ErrorCode.validation, `Idempotency-Key must not start with ${RESERVED_KEY_PREFIXES.join(' or ')} (used by Cashlens itself)`, 'Idempotency-Key');
  }
  return { actor, requestId: request.id, ...(key === undefined ? {} : { idempotencyKey: key }) };
}

const RESERVED_KEY_PREFIXES = ['bank-entry:', 'sync-dispute:'] as const;

/**
 * `{}` = everything; `{ownerId}` = only that sales rep's customers. Staff and API keys (an ERP
 * sync with the `read` scope reads every customer) pass by their role's permissions.
 */
export function readScope(request: FastifyRequest): { ownerId?: string } {
  const actor = request.actor;
  if (!actor) throw httpError(ErrorCode.unauthenticated, 'Log in first.');
  if (actor.kind === 'link') throw httpError(ErrorCode.forbidden, 'Share links read through the portal routes.');
  if (can(actor.role, Permission.readAllCustomers)) return {};
  if (actor.kind === 'staff' && can(actor.role, Permission.readOwnCustomers)) return { ownerId: actor.userId };
  throw httpError(ErrorCode.forbidden, 'This role may not read customers.');
}

/** Throws 403 unless the request may see the customer owned by `ownerId`. */
export function assertCanSee(request: FastifyRequest, customer: { sales_owner_id: string | null } | undefined, what = 'customer'): void {
  const scope = readScope(request);
  if (!customer) return;
  if (scope.ownerId !== undefined && customer.sales_owner_id !== scope.ownerId) throw httpError(ErrorCode.forbidden, `This ${what} belongs to another sales owner's customer.`);
}
