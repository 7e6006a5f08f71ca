/**
 * The seam for promises-to-pay written in a session document. A participant writes a `requested`
 * promise; when the collections work has registered a recorder (`app.sync.setPromiseRecorder`),
 * the server calls it and writes back `recorded` + `promiseId`, or `rejected` + the reason.
 * Until then requests simply stay `requested` (and are retried when the document next loads).
 */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import type { CommandContext, SystemActor } from '../ledger/ledger-api.ts';
import type { Result } from '../../shared/result.ts';
import { sessionMaps } from '../../shared/doc/session-doc.ts';
import type { PaymentPromise } from '../../shared/records/promise.ts';
import { can, Permission } from '../../shared/roles.ts';
import type { SyncDoc } from './sync-doc.ts';

export interface PromiseRequest {
  readonly sessionId: string;
  readonly customerId: string;
  readonly invoiceNumbers: readonly string[];
  /** Minor units. */
  readonly amount: number;
  readonly date: string;
  readonly by: string;
  readonly note?: string;
}

/** Implemented by the collections work: record the promise (validate dates, amounts, invoices). */
export type PromiseRecorder = (ctx: CommandContext, request: PromiseRequest) => Promise<Result<{ readonly promiseId: string }>>;

export class PromiseBridge {
  private recorder: PromiseRecorder | undefined;

  constructor(private readonly app: FastifyInstance) {}

  setRecorder(recorder: PromiseRecorder | undefined): void {
    this.recorder = recorder;
  }

  async record(doc: SyncDoc, actor: Actor | SystemActor, id: string, promise: PaymentPromise): Promise<void> {
    const answer = await this.decide(doc, actor, promise);
    if (!answer) return;
    const promises = sessionMaps(doc.doc).promises;
    const current = promises.get(id);
    if (!current || current.status !== 'requested') return;
    doc.serverWrite(() => promises.set(id, { ...current, ...answer }));
  }

  private async decide(doc: SyncDoc, actor: Actor | SystemActor, promise: PaymentPromise): Promise<Partial<PaymentPromise> | undefined> {
    if (actor.kind !== 'system' && !can(actor.role, Permission.recordPromise)) return { status: 'rejected', rejection: `the ${actor.role} role may not record promises` };
    if (!this.recorder) return undefined;
    const result = await this.recorder(
      { actor, requestId: `sync-promise-${doc.session.id}` },
      { sessionId: doc.session.id, customerId: doc.session.customerId, invoiceNumbers: promise.invoiceNumbers, amount: promise.amount, date: promise.date, by: promise.by, ...(promise.note === undefined ? {} : { note: promise.note }) },
    );
    return result.ok ? { status: 'recorded', promiseId: result.value.promiseId } : { status: 'rejected', rejection: result.error.message };
  }
}
