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
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { actorLabel } from '../auth/actor.ts';
import type { DomainEventBus } from '../events/domain-events.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { utcDate } from '../../shared/time/dates.ts';
import type { BatchCommand, CommandContext, InvoiceView, LedgerCommands } from './ledger-api.ts';
import * as commands from './ledger-commands.ts';
import { loadOriginal, reverse } from './ledger-reversal.ts';
import { listInvoiceViews } from './ledger-queries.ts';
import { ensureCustomers } from './ensure-customers.ts';
import { WorkingSet } from './working-set.ts';

class IdempotencyRace extends Error {}

export interface LedgerDeps {
  readonly db: Kysely<DB>;
  readonly events: DomainEventBus;
  readonly now: () => Date;
  readonly log: FastifyBaseLogger;
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

  async function run<T>(ctx: CommandContext, command: string, input: unknown, body: (ws: WorkingSet) => Promise<Result<T>>): Promise<Result<T>> {
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

    receivePayment: (ctx, input) =>
      run(ctx, 'receivePayment', input, async (ws) => {
        // Allocated invoices first: their rows carry the customer, so usually no customer query follows.
        if (input.allocations) await ws.loadInvoices({ numbers: input.allocations.map((allocation) => allocation.invoiceNumber) }, { disputes: false });
        await ws.loadCustomers({ refs: [input.customerRef] });
        const customer = ws.customersByRef.get(input.customerRef);
        if (!input.allocations && customer) await ws.loadOpenInvoicesOf([customer.id]);
        return commands.receivePayment(ws, input);
      }),

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
