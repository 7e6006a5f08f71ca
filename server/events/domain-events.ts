/**
 * In-process domain events: the ledger announces what it committed, and other concepts (the
 * sync dispute bridge, collections, webhooks) react. Two kinds of listener:
 * - `on`: runs after the transaction commits; a failing handler is logged and never undoes or
 *   blocks the ledger.
 * - `onWrite` (in-transaction writers, e.g. the webhook outbox): the ledger calls `write(trx, …)`
 *   inside its transaction, so their rows exist iff the posting committed. A writer that throws
 *   rolls the posting back; keep them to a single insert. Events emitted outside any transaction
 *   (`emit` without a prior `write`) reach the writers from `emit`, against their own database.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface DomainEvents {
  'invoice.created': { readonly invoiceId: string; readonly invoiceNumber: string; readonly customerId: string };
  'payment.received': { readonly paymentId: string; readonly customerId: string; readonly invoiceNumbers: readonly string[] };
  'dispute.opened': { readonly disputeId: string; readonly invoiceNumber: string; readonly customerId: string; readonly reason: string; readonly note: string; readonly openedBy: string };
  'dispute.resolved': {
    readonly disputeId: string;
    readonly invoiceNumber: string;
    readonly customerId: string;
    readonly outcome: 'credit' | 'upheld' | 'rejected';
    readonly creditAmount: number | null;
    readonly note: string;
    readonly resolvedBy: string;
    readonly resolvedAt: string;
  };
  'promise.recorded': { readonly promiseId: string; readonly customerId: string; readonly invoiceNumbers: readonly string[]; readonly amount: number; readonly date: string };
  'promise.broken': { readonly promiseId: string; readonly customerId: string; readonly invoiceNumbers: readonly string[]; readonly amount: number; readonly date: string };
  'customer.on_hold': { readonly customerId: string; readonly customerRef: string; readonly reason: string; readonly detail: string | null };
  'escalation.created': { readonly escalationId: string; readonly customerId: string; readonly invoiceNumbers: readonly string[]; readonly reason: string };
  /** A message of the customer (share link) or the team, already in the communication log. */
  'message.posted': {
    readonly messageId: string;
    readonly sessionId: string;
    readonly customerId: string;
    readonly from: 'customer' | 'team';
    readonly author: string;
    readonly body: string;
    readonly at: string;
    readonly taskId: string | null;
  };
}

export type DomainEventName = keyof DomainEvents;
type Handler<K extends DomainEventName> = (payload: DomainEvents[K], delivery: { readonly writtenInTransaction: boolean }) => void | Promise<void>;
/** Writes every payload of one event name with `db` (a transaction when called from `write`). */
type Writer<K extends DomainEventName> = (db: Kysely<DB>, payloads: readonly DomainEvents[K][]) => Promise<void>;
export interface PendingDomainEvent {
  readonly name: DomainEventName;
  readonly payload: DomainEvents[DomainEventName];
}

export class DomainEventBus {
  private readonly handlers = new Map<DomainEventName, Set<Handler<never>>>();
  private readonly writers = new Map<DomainEventName, { readonly writer: Writer<never>; readonly fallbackDb: Kysely<DB> }[]>();
  /** Payload objects already handed to the writers inside a transaction. */
  private readonly written = new WeakSet<object>();

  constructor(private readonly log: FastifyBaseLogger) {}

  on<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(name) ?? new Set();
    set.add(handler as Handler<never>);
    this.handlers.set(name, set);
    return () => set.delete(handler as Handler<never>);
  }

  /** Registers an in-transaction writer; `fallbackDb` serves events emitted outside a transaction. */
  onWrite<K extends DomainEventName>(name: K, fallbackDb: Kysely<DB>, writer: Writer<K>): () => void {
    const entry = { writer: writer as Writer<never>, fallbackDb };
    this.writers.set(name, [...(this.writers.get(name) ?? []), entry]);
    return () => this.writers.set(name, (this.writers.get(name) ?? []).filter((other) => other !== entry));
  }

  /**
   * Inside the transaction that raises `events`: runs the writers (in order, one connection),
   * grouped by event name. Throws what a writer throws, so the caller's transaction rolls back.
   */
  async write(trx: Kysely<DB>, events: readonly PendingDomainEvent[]): Promise<void> {
    const byName = new Map<DomainEventName, object[]>();
    for (const event of events) {
      if (!this.writers.get(event.name)?.length) continue;
      byName.set(event.name, [...(byName.get(event.name) ?? []), event.payload]);
    }
    for (const [name, payloads] of byName) {
      for (const { writer } of this.writers.get(name)!) await writer(trx, payloads as never[]);
      for (const payload of payloads) this.written.add(payload);
    }
  }

  /**
   * After commit: runs the writers for a payload no transaction wrote (best effort, logged), then
   * every handler; resolves when all have settled. Errors are logged, never thrown.
   */
  async emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): Promise<void> {
    const writtenInTransaction = this.written.has(payload);
    if (!writtenInTransaction) {
      for (const { writer, fallbackDb } of this.writers.get(name) ?? []) {
        try {
          await (writer as Writer<K>)(fallbackDb, [payload]);
        } catch (error) {
          this.log.error({ err: error, event: name }, 'domain event writer failed');
        }
      }
    }
    const set = this.handlers.get(name);
    if (!set) return;
    await Promise.all(
      [...set].map(async (handler) => {
        try {
          await (handler as Handler<K>)(payload, { writtenInTransaction });
        } catch (error) {
          this.log.error({ err: error, event: name }, 'domain event handler failed');
        }
      }),
    );
  }
}
