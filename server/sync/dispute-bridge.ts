/**
 * The dispute bridge (DESIGN §6), both ways.
 *
 * Document → ledger: a valid `requested` flag written by a participant is checked (the role may
 * open disputes; the invoice belongs to the session's customer), the ledger dispute is opened
 * idempotently (same session, invoice and flag time → same key), and the flag is written back as
 * `open` with its `disputeId` — or `rejected` with the reason. The write-back only replaces the
 * very flag it answers (same `flaggedAt`), so a newer request is never overwritten.
 * Ledger → documents: on 'dispute.resolved', every loaded document of that customer that shows
 * the invoice gets `resolved` + `resolution`. Documents that are not loaded get it when they load:
 * every document, when it loads, answers its unanswered requests and then re-reads the ledger for
 * the disputes its `open` flags point at — which also covers a resolution whose event never
 * reached it (a crash between the ledger commit and the event, a stale idempotent answer).
 * With Redis another instance may have the document loaded, so there the open sessions'
 * documents are loaded here for the write, which reaches the others through the fan-out.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import type { DisputeView, SystemActor } from '../ledger/ledger-api.ts';
import type { DomainEvents } from '../events/domain-events.ts';
import { listDisputes } from '../ledger/ledger-queries.ts';
import { listSessions } from '../sessions/session-repository.ts';
import { sessionMaps, docNames } from '../../shared/doc/session-doc.ts';
import type { DisputeFlag, DisputeResolution } from '../../shared/records/dispute-flag.ts';
import { can, Permission } from '../../shared/roles.ts';
import type { SyncDoc } from './sync-doc.ts';

export interface DocAccessor {
  /** Runs `write` on the loaded document, loading it for the duration when no one has it open. */
  withDoc(session: SyncDoc['session'], name: SyncDoc['name'], write: (doc: SyncDoc) => void): Promise<void>;
  /** The documents loaded on this instance right now. */
  loadedDocs(): Iterable<SyncDoc>;
  /** True when other instances share documents (Redis): one of them may have a document loaded. */
  readonly sharedAcrossInstances: boolean;
}

const SYNC_BRIDGE: SystemActor = { kind: 'system', name: 'sync-dispute-bridge' };

export function resolutionOf(view: NonNullable<DisputeView['resolution']>): DisputeResolution {
  return { outcome: view.outcome, creditAmount: view.creditAmount, note: view.note, resolvedAt: view.resolvedOn };
}

export class DisputeBridge {
  /** One ledger call per invoice at a time on this instance (a flag often arrives in two documents). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly docs: DocAccessor,
  ) {}

  /** Handles one requested flag; resolves when the answer is written into the document. */
  async open(doc: SyncDoc, actor: Actor | SystemActor, invoiceNumber: string, flag: DisputeFlag): Promise<void> {
    const previous = this.queues.get(invoiceNumber) ?? Promise.resolve();
    const decided = previous.catch(() => undefined).then(() => this.decide(doc, actor, invoiceNumber, flag));
    this.queues.set(invoiceNumber, decided);
    void decided.finally(() => this.queues.get(invoiceNumber) === decided && this.queues.delete(invoiceNumber)).catch(() => undefined);
    const answer = await decided;
    if (!answer) return;
    const disputes = sessionMaps(doc.doc).disputes;
    const current = disputes.get(invoiceNumber);
    if (!current || current.status !== 'requested' || current.flaggedAt !== flag.flaggedAt) return;
    doc.serverWrite(() => disputes.set(invoiceNumber, { ...current, ...answer }));
    this.app.log.info({ doc: doc.key, invoiceNumber, status: answer.status, disputeId: answer.disputeId }, 'sync: dispute flag answered');
  }

  private async decide(doc: SyncDoc, actor: Actor | SystemActor, invoiceNumber: string, flag: DisputeFlag): Promise<Partial<DisputeFlag> | undefined> {
    const reject = (rejection: string): Partial<DisputeFlag> => ({ status: 'rejected', rejection });
    if (actor.kind !== 'system' && !can(actor.role, Permission.openDispute)) return reject(`the ${actor.role} role may not open disputes`);
    if (!this.app.hasDecorator('ledger')) {
      this.app.log.warn({ doc: doc.key, invoiceNumber }, 'sync: no ledger; dispute flag stays requested');
      return undefined;
    }
    const invoice = await this.app.ledger.findInvoice(invoiceNumber);
    if (!invoice || invoice.customerId !== doc.session.customerId) return reject(`${invoiceNumber} is not an invoice of ${doc.session.customerName}`);
    const result = await this.app.ledger.openDispute(
      { actor, requestId: `sync-${randomUUID()}`, idempotencyKey: `sync-dispute:${doc.session.id}:${invoiceNumber}:${flag.flaggedAt}` },
      { invoiceNumber, reason: flag.reason, note: flag.note || `Flagged in session "${doc.session.title}" by ${flag.flaggedBy}` },
    );
    if (!result.ok) {
      // Another instance (or request) may have opened it a moment ago: that dispute is the answer.
      const now = await this.app.ledger.findInvoice(invoiceNumber);
      if (now?.openDisputeId) return { status: 'open', disputeId: now.openDisputeId };
      return reject(result.error.message);
    }
    const dispute = result.value;
    if (dispute.status === 'resolved' && dispute.resolution) return { status: 'resolved', disputeId: dispute.id, resolution: resolutionOf(dispute.resolution) };
    return { status: 'open', disputeId: dispute.id };
  }

  /**
   * Server-side reconciliation of a freshly loaded document: requests that were never answered
   * are answered, then resolutions the document missed are written in.
   */
  reconcile(doc: SyncDoc): void {
    const requested = [...sessionMaps(doc.doc).disputes.entries()].filter(([, flag]) => flag.status === 'requested');
    const work = (async () => {
      await Promise.all(requested.map(([invoiceNumber, flag]) => this.open(doc, SYNC_BRIDGE, invoiceNumber, flag).catch((error: unknown) => this.app.log.error({ err: error, invoiceNumber }, 'sync: dispute reconcile failed'))));
      await this.catchUp(doc);
    })();
    void doc.track(work.catch((error: unknown) => this.app.log.error({ err: error, doc: doc.key }, 'sync: reading dispute state for a loaded document failed')));
  }

  /** Writes the ledger's resolution into every `open` flag whose dispute is resolved by now. */
  private async catchUp(doc: SyncDoc): Promise<void> {
    const waiting = [...sessionMaps(doc.doc).disputes.values()].filter((flag) => flag.status === 'open' && flag.disputeId !== undefined);
    if (waiting.length === 0) return;
    const resolved = await listDisputes(this.app.db, { customerId: doc.session.customerId, status: 'resolved' });
    for (const dispute of resolved) {
      if (!dispute.resolution) continue;
      const flag = sessionMaps(doc.doc).disputes.get(dispute.invoiceNumber);
      // Only the flag that points at this very dispute: an older resolved dispute of the same invoice says nothing about a new flag.
      if (flag?.status !== 'open' || flag.disputeId !== dispute.id) continue;
      this.writeResolution(doc, dispute.invoiceNumber, dispute.id, resolutionOf(dispute.resolution));
      this.app.log.info({ doc: doc.key, invoiceNumber: dispute.invoiceNumber, disputeId: dispute.id }, 'sync: a missed dispute resolution written on load');
    }
  }

  async resolved(event: DomainEvents['dispute.resolved']): Promise<void> {
    const resolution: DisputeResolution = { outcome: event.outcome, creditAmount: event.creditAmount, note: event.note, resolvedAt: event.resolvedAt };
    if (!this.docs.sharedAcrossInstances) {
      // Loading every document of every session of the customer just to look costs far more than
      // the write (and grows with the customer's history); unloaded ones catch up when they load.
      for (const doc of [...this.docs.loadedDocs()]) {
        if (doc.session.customerId === event.customerId) this.writeResolution(doc, event.invoiceNumber, event.disputeId, resolution);
      }
      return;
    }
    const sessions = await listSessions(this.app.db, { customerId: event.customerId, status: 'open' });
    for (const session of sessions) {
      for (const name of docNames) {
        await this.docs.withDoc(session, name, (doc) => this.writeResolution(doc, event.invoiceNumber, event.disputeId, resolution));
      }
    }
  }

  private writeResolution(doc: SyncDoc, invoiceNumber: string, disputeId: string, resolution: DisputeResolution): void {
    const disputes = sessionMaps(doc.doc).disputes;
    const flag = disputes.get(invoiceNumber);
    if (!flag || flag.status === 'resolved' || flag.status === 'rejected') return;
    if (flag.disputeId !== undefined && flag.disputeId !== disputeId) return;
    doc.serverWrite(() => disputes.set(invoiceNumber, { ...flag, status: 'resolved', disputeId, resolution }));
  }
}
