/**
 * In-process domain events: the ledger announces what it committed, and other concepts (the
 * sync dispute bridge, collections, webhooks) react. Emitted only after the transaction commits.
 * A failing handler is logged and never undoes or blocks the ledger.
 */
import type { FastifyBaseLogger } from 'fastify';

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
}

export type DomainEventName = keyof DomainEvents;
type Handler<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export class DomainEventBus {
  private readonly handlers = new Map<DomainEventName, Set<Handler<never>>>();

  constructor(private readonly log: FastifyBaseLogger) {}

  on<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(name) ?? new Set();
    set.add(handler as Handler<never>);
    this.handlers.set(name, set);
    return () => set.delete(handler as Handler<never>);
  }

  /** Runs every handler; resolves when all have settled. Errors are logged, never thrown. */
  async emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): Promise<void> {
    const set = this.handlers.get(name);
    if (!set) return;
    await Promise.all(
      [...set].map(async (handler) => {
        try {
          await (handler as Handler<K>)(payload);
        } catch (error) {
          this.log.error({ err: error, event: name }, 'domain event handler failed');
        }
      }),
    );
  }
}
