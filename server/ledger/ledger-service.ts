/**
 * The ledger executor: every command runs as load (locked) → plan → write in ONE database
 * transaction, with its audit rows and its events' in-transaction writes (webhook outbox); the
 * domain events are emitted only after commit.
 * Idempotency: with a key, the command's response is stored in the same transaction (its row
 * is claimed by the command's write statement); the same key and input later returns that
 * response without posting, another input with it fails (idempotency_mismatch → 422). A replay
 * or a concurrent second request with one key: its claim waits on the first's unique-key lock,
 * finds the key taken, rolls back and returns the stored response; a replay the ledger would now
 * refuse (the invoice is paid) returns the stored response too.
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isUniqueViolation } from '../db/sql-state.ts';
import { actorLabel } from '../auth/actor.ts';
import type { DomainEventBus } from '../events/domain-events.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { utcDate } from '../../shared/time/dates.ts';
import type { BatchCommand, CommandContext, InvoiceView, LedgerCommands, PaymentView, ReceivePaymentInput } from './ledger-api.ts';
import { createGroupCommit } from './group-commit.ts';
import * as commands from './ledger-commands.ts';
import { loadOriginal, reverse } from './ledger-reversal.ts';
import { listInvoiceViews } from './ledger-queries.ts';
import { ensureCustomers } from './ensure-customers.ts';
import { WorkingSet } from './working-set.ts';

class IdempotencyRace extends Error {}

interface PaymentRequest {
  readonly ctx: CommandContext;
  readonly input: ReceivePaymentInput;
}
/** 40 payments write ~200 rows: still one statement in `flush`. */
const PAYMENT_BATCH = 40;
/** How long a group waits for a lock before its payments go one by one instead (outside the group). */
const GROUP_LOCK_TIMEOUT_MS = 300;
/** PostgreSQL's lock_not_available (lock_timeout expired). */
const LOCK_NOT_AVAILABLE = '55P03';
/** The group's answer for a payment that must run on its own instead. */
const GO_ALONE: unique symbol = Symbol('go alone');
type Grouped = Result<PaymentView> | typeof GO_ALONE;
/** Transactions of payments at once on PostgreSQL: leaves the pool to everything else. */
const PAYMENT_BATCHES_IN_FLIGHT = 2;

export interface LedgerDeps {
  readonly db: Kysely<DB>;
  readonly events: DomainEventBus;
  readonly now: () => Date;
  readonly log: FastifyBaseLogger;
  /** PGlite has one connection: a second payment transaction would only wait for it, so the next batch waits and grows. */
  readonly singleConnection?: boolean;
}

function label(ctx: CommandContext): string {
  return ctx.actor.kind === 'system' ? `system:${ctx.actor.name}` : actorLabel(ctx.actor);
}

function requestHash(command: string, input: unknown): string {
  return createHash('sha256').update(command).update('\0').update(JSON.stringify(input)).digest('hex');
}

export function createLedger(deps: LedgerDeps): LedgerCommands {
  const today = () => utcDate(deps.now());

  async function storedResponse<T>(key: string, hash: string): Promise<Result<T> | undefined> {
    const row = await deps.db.selectFrom('idempotency_keys').select(['request_hash', 'response']).where('key', '=', key).executeTakeFirst();
    if (!row) return undefined;
    if (row.request_hash !== hash) return fail(ErrorCode.idempotencyMismatch, 'This Idempotency-Key was used with a different request', 'Idempotency-Key');
    return ok(row.response as T);
  }

  /**
   * A command that creates a numbered record (an invoice, a credit note) locks nothing while the
   * number is still free, so two identical requests at the same instant both plan it and the
   * unique index refuses the second. Run once more, it sees the first one's record: the same
   * Idempotency-Key gets the stored answer, another request the domain's own refusal.
   */
  async function run<T>(ctx: CommandContext, command: string, input: unknown, body: (ws: WorkingSet) => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await runOnce(ctx, command, input, body);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return runOnce(ctx, command, input, body);
    }
  }

  async function runOnce<T>(ctx: CommandContext, command: string, input: unknown, body: (ws: WorkingSet) => Promise<Result<T>>): Promise<Result<T>> {
    const key = ctx.idempotencyKey;
    const hash = key === undefined ? '' : requestHash(command, input);
    // No look-up of the key before the transaction: the claim in the write statement finds a
    // taken key, and a refused command checks for a stored response (a replay of a payment
    // would now over-apply). A first request, the common case, saves that round trip.
    let ws: WorkingSet | undefined;
    let result: Result<T>;
    try {
      result = await deps.db.transaction().execute(async (trx) => {
        ws = new WorkingSet(trx, label(ctx), ctx.requestId, true);
        const outcome = await body(ws);
        if (!outcome.ok) return outcome;
        // The key's row rides in the command's own write statement: one round trip fewer.
        const claim = key === undefined ? undefined : trx.insertInto('idempotency_keys').values({ key, command, request_hash: hash, response: JSON.stringify(outcome.value) }).onConflict((oc) => oc.column('key').doNothing()).returning('key');
        if (!(await ws.flush(claim))) throw new IdempotencyRace();
        await deps.events.write(trx, ws.events); // outbox rows commit with the posting
        return outcome;
      });
    } catch (error) {
      if (!(error instanceof IdempotencyRace) || key === undefined) throw error;
      return (await storedResponse<T>(key, hash))!;
    }
    if (!result.ok && key !== undefined) return (await storedResponse<T>(key, hash)) ?? result;
    if (result.ok && ws) await emitAll(ws);
    return result;
  }

  async function emitAll(ws: WorkingSet): Promise<void> {
    for (const event of ws.events) await deps.events.emit(event.name, event.payload as never);
  }

  const ledger: LedgerCommands = {
    async postBatch(ctx, batch) {
      const results: Result<unknown>[] = [];
      let ws: WorkingSet | undefined;
      await deps.db.transaction().execute(async (trx) => {
        ws = new WorkingSet(trx, label(ctx), ctx.requestId, true);
        await prepareBatch(ws, batch);
        for (const item of batch) results.push(applyBatchItem(ws, item));
        await ws.flush();
        await deps.events.write(trx, ws!.events);
      });
      if (ws) await emitAll(ws);
      return results;
    },

    issueInvoice: (ctx, input) =>
      run(ctx, 'issueInvoice', input, async (ws) => {
        await ws.loadCustomers({ refs: [input.customerRef] });
        await ws.loadInvoices({ numbers: [input.number] });
        return commands.issueInvoice(ws, input);
      }),

    // Payments with explicit allocations lock only their invoices, in one query, so concurrent
    // ones can share a transaction (group commit); oldest-first would lock a second set.
    async receivePayment(ctx, input) {
      if (!input.allocations?.length) return receivePaymentAlone(ctx, input);
      const grouped = await paymentGroup.submit({ ctx, input });
      // Outside the group's slot: a payment waiting on a lock holds up nobody else.
      return grouped === GO_ALONE ? receivePaymentAlone(ctx, input) : grouped;
    },

    applyCash: (ctx, input) =>
      run(ctx, 'applyCash', input, async (ws) => {
        await ws.loadPayments([input.paymentId]);
        const payment = ws.paymentsById.get(input.paymentId);
        if (input.allocations) await ws.loadInvoices({ numbers: input.allocations.map((allocation) => allocation.invoiceNumber) }, { disputes: false });
        else if (payment) await ws.loadOpenInvoicesOf([payment.customerId]);
        return commands.applyCash(ws, { ...input, date: input.date ?? today() });
      }),

    unapplyCash: (ctx, input) =>
      run(ctx, 'unapplyCash', input, async (ws) => {
        await ws.loadPayments([input.paymentId]);
        await ws.loadInvoices({ numbers: [input.invoiceNumber] }, { disputes: false });
        const invoice = ws.invoicesByNumber.get(input.invoiceNumber);
        const applied = invoice
          ? ((await ws.trx.selectFrom('payment_allocations').select('amount').where('payment_id', '=', input.paymentId).where('invoice_id', '=', invoice.id).executeTakeFirst())?.amount ?? 0n)
          : 0n;
        return commands.unapplyCash(ws, { ...input, date: input.date ?? today() }, BigInt(applied));
      }),

    creditNote: (ctx, input) =>
      run(ctx, 'creditNote', input, async (ws) => {
        await ws.loadInvoices({ numbers: [input.invoiceNumber] });
        return commands.reduceInvoice(ws, 'creditNote', { ...input, date: input.date ?? today() });
      }),

    writeOff: (ctx, input) =>
      run(ctx, 'writeOff', input, async (ws) => {
        await ws.loadInvoices({ numbers: [input.invoiceNumber] });
        return commands.reduceInvoice(ws, 'writeOff', { ...input, date: input.date ?? today() });
      }),

    refund: (ctx, input) =>
      run(ctx, 'refund', input, async (ws) => {
        await ws.loadPayments([input.paymentId]);
        return commands.refund(ws, { ...input, date: input.date ?? today() });
      }),

    reverse: (ctx, input) =>
      run(ctx, 'reverse', input, async (ws) => reverse(ws, await loadOriginal(ws, input.transactionId), { transactionId: input.transactionId, date: input.date ?? today() })),

    openDispute: (ctx, input) =>
      run(ctx, 'openDispute', input, async (ws) => {
        await ws.loadInvoices({ numbers: [input.invoiceNumber] });
        return commands.openDispute(ws, { ...input, openedOn: input.openedOn ?? today() });
      }),

    resolveDispute: (ctx, disputeId, input) =>
      run(ctx, 'resolveDispute', { disputeId, ...input }, async (ws) => {
        const dispute = await ws.loadDispute(disputeId);
        if (!dispute) return fail(ErrorCode.notFound, `No dispute ${disputeId}`, 'id');
        await ws.loadInvoices({ ids: [dispute.invoiceId] });
        return commands.resolveDispute(ws, dispute, { ...input, resolvedOn: input.resolvedOn ?? today() });
      }),

    commentDispute: (ctx, disputeId, body) =>
      run(ctx, 'commentDispute', { disputeId, body }, async (ws) => {
        const dispute = await ws.loadDispute(disputeId);
        if (!dispute) return fail(ErrorCode.notFound, `No dispute ${disputeId}`, 'id');
        return commands.commentDispute(ws, dispute, body, deps.now());
      }),

    async findInvoice(invoiceNumber) {
      return (await listInvoiceViews(deps.db, { number: invoiceNumber }))[0];
    },

    async findInvoices(invoiceNumbers) {
      const numbers = [...new Set(invoiceNumbers)];
      return numbers.length === 0 ? [] : listInvoiceViews(deps.db, { numbers });
    },

    ensureCustomers: (ctx, customers) => ensureCustomers(deps.db, label(ctx), ctx.requestId, customers),

    listCustomerInvoices(customerId, options = {}): Promise<InvoiceView[]> {
      return listInvoiceViews(deps.db, { customerId, ...(options.openOnly ? { openOnly: true } : {}) });
    },
  };

  function receivePaymentAlone(ctx: CommandContext, input: ReceivePaymentInput): Promise<Result<PaymentView>> {
    return run(ctx, 'receivePayment', input, async (ws) => {
      // Allocated invoices first: their rows carry the customer, so usually no customer query follows.
      if (input.allocations) await ws.loadInvoices({ numbers: input.allocations.map((allocation) => allocation.invoiceNumber) }, { disputes: false });
      await ws.loadCustomers({ refs: [input.customerRef] });
      const customer = ws.customersByRef.get(input.customerRef);
      if (!input.allocations && customer) await ws.loadOpenInvoicesOf([customer.id]);
      return commands.receivePayment(ws, input);
    });
  }

  /**
   * Several allocated payments in ONE transaction, each with its own actor, request id, audit
   * rows and Idempotency-Key claim; a refused one writes nothing and the others post. Keys
   * already stored answer from storage without entering the transaction. Anything unusual (the
   * same key twice, a key claimed by a concurrent request, a lock held elsewhere past
   * GROUP_LOCK_TIMEOUT_MS, an error) answers GO_ALONE: each request then runs on its own, out
   * of the group's slot, and gets exactly the answer it would have had alone.
   */
  async function receivePaymentsTogether(batch: readonly PaymentRequest[]): Promise<PromiseSettledResult<Grouped>[]> {
    const settled = (results: readonly Grouped[]) => results.map((value): PromiseFulfilledResult<Grouped> => ({ status: 'fulfilled', value }));
    const keys = batch.flatMap(({ ctx }) => ctx.idempotencyKey ?? []);
    if (new Set(keys).size !== keys.length) return settled(batch.map((): Grouped => GO_ALONE));
    const hashes = batch.map(({ ctx, input }) => (ctx.idempotencyKey === undefined ? '' : requestHash('receivePayment', input)));
    // One request alone skips the look-up: its claim finds a taken key (and it goes alone).
    const stored = new Map(keys.length === 0 || batch.length === 1 ? [] : (await deps.db.selectFrom('idempotency_keys').select(['key', 'request_hash', 'response']).where('key', 'in', keys).execute()).map((row) => [row.key, row]));
    const results: (Result<PaymentView> | undefined)[] = batch.map(({ ctx }, index) => {
      const row = ctx.idempotencyKey === undefined ? undefined : stored.get(ctx.idempotencyKey);
      if (!row) return undefined;
      return row.request_hash === hashes[index] ? ok(row.response as PaymentView) : fail(ErrorCode.idempotencyMismatch, 'This Idempotency-Key was used with a different request', 'Idempotency-Key');
    });
    const fresh = batch.flatMap((_request, index) => (results[index] ? [] : [index]));
    if (fresh.length === 0) return settled(results as Result<PaymentView>[]);
    let ws: WorkingSet | undefined;
    let committing = false;
    try {
      await deps.db.transaction().execute(async (trx) => {
        const first = batch[fresh[0]!]!.ctx;
        ws = new WorkingSet(trx, label(first), first.requestId, true);
        // Milliseconds, unquoted: the statement then travels with `begin` (server/db/deferred-begin.ts).
        await sql`set local lock_timeout = ${sql.raw(String(GROUP_LOCK_TIMEOUT_MS))}`.execute(trx);
        await ws.loadInvoices({ numbers: fresh.flatMap((index) => batch[index]!.input.allocations!.map((allocation) => allocation.invoiceNumber)) }, { disputes: false });
        await ws.loadCustomers({ refs: fresh.map((index) => batch[index]!.input.customerRef) });
        const claims: { key: string; command: string; request_hash: string; response: string }[] = [];
        for (const index of fresh) {
          const { ctx, input } = batch[index]!;
          ws.actAs(label(ctx), ctx.requestId);
          const outcome = commands.receivePayment(ws, input);
          results[index] = outcome;
          if (outcome.ok && ctx.idempotencyKey !== undefined) claims.push({ key: ctx.idempotencyKey, command: 'receivePayment', request_hash: hashes[index]!, response: JSON.stringify(outcome.value) });
        }
        const claim = claims.length === 0 ? undefined : trx.insertInto('idempotency_keys').values(claims).onConflict((oc) => oc.column('key').doNothing()).returning('key');
        if (!(await ws.flush(claim, claims.length))) throw new IdempotencyRace();
        await deps.events.write(trx, ws.events);
        committing = true;
      });
    } catch (error) {
      // A failed commit may have committed: posting again could pay twice, so every request
      // gets the error (as a single command's caller would) instead of a second attempt.
      if (committing) throw error;
      const lockWait = (error as { code?: string }).code === LOCK_NOT_AVAILABLE;
      if (!(error instanceof IdempotencyRace) && !lockWait) deps.log.warn({ err: error, payments: batch.length }, 'group commit of payments failed; posting them one by one');
      return settled(batch.map((): Grouped => GO_ALONE));
    }
    // As alone: a refusal under a key another request has meanwhile stored answers with that response.
    const answered = await Promise.all(
      batch.map(async ({ ctx }, index) => {
        const result = results[index]!;
        return !result.ok && ctx.idempotencyKey !== undefined && !stored.has(ctx.idempotencyKey) ? ((await storedResponse<PaymentView>(ctx.idempotencyKey, hashes[index]!)) ?? result) : result;
      }),
    );
    await emitAll(ws!);
    return settled(answered);
  }

  const paymentGroup = createGroupCommit<PaymentRequest, Grouped>({ maxBatch: PAYMENT_BATCH, maxInFlight: deps.singleConnection ? 1 : PAYMENT_BATCHES_IN_FLIGHT, runBatch: receivePaymentsTogether });

  async function prepareBatch(ws: WorkingSet, batch: readonly BatchCommand[]): Promise<void> {
    const refs: string[] = [];
    const numbers: string[] = [];
    for (const item of batch) {
      if (item.kind === 'issueInvoice') (refs.push(item.input.customerRef), numbers.push(item.input.number));
      else if (item.kind === 'receivePayment') (refs.push(item.input.customerRef), numbers.push(...(item.input.allocations ?? []).map((allocation) => allocation.invoiceNumber)));
      else numbers.push(item.kind === 'openDispute' ? item.input.invoiceNumber : item.invoiceNumber);
    }
    await ws.loadCustomers({ refs });
    await ws.loadInvoices({ numbers });
    const oldestFirst = batch.flatMap((item) => (item.kind === 'receivePayment' && !item.input.allocations ? [ws.customersByRef.get(item.input.customerRef)?.id ?? []].flat() : []));
    await ws.loadOpenInvoicesOf(oldestFirst);
  }

  function applyBatchItem(ws: WorkingSet, item: BatchCommand): Result<unknown> {
    switch (item.kind) {
      case 'issueInvoice':
        return commands.issueInvoice(ws, item.input);
      case 'receivePayment':
        return commands.receivePayment(ws, item.input);
      case 'openDispute':
        return commands.openDispute(ws, { ...item.input, openedOn: item.input.openedOn ?? today() });
      case 'resolveDisputeOfInvoice': {
        const invoice = ws.invoicesByNumber.get(item.invoiceNumber);
        const dispute = invoice ? ws.openDisputeByInvoiceId.get(invoice.id) : undefined;
        if (!dispute) return fail(ErrorCode.notFound, `Invoice ${item.invoiceNumber} has no open dispute`, 'invoiceNumber');
        return commands.resolveDispute(ws, dispute, { ...item.input, resolvedOn: item.input.resolvedOn ?? today() });
      }
    }
  }

  return ledger;
}
