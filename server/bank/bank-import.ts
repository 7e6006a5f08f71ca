/**
 * Cash application from a CAMT.053 file: parse (pure, whole file first — a file we cannot fully
 * read posts nothing), then per credit line: claim its reference in `bank_entries` (the unique
 * (account, reference) key makes a re-import post nothing twice), decide with the pure matcher,
 * and post matched lines through `app.ledger.receivePayment` with an idempotency key derived from
 * the reference. Unmatched, ambiguous or refused lines wait in the review queue.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CommandContext, LedgerApi } from '../ledger/ledger-api.ts';
import { parseCamt053, type BankLine, type BankStatement } from '../../shared/bank/camt053.ts';
import { invoiceTokens, matchPayment, normalizeInvoiceToken, type OpenInvoiceFact } from '../../shared/bank/match-payment.ts';
import { ok, type Result } from '../../shared/result.ts';
import { findReferencedInvoices, loadPayerDirectory, openInvoicesOfCustomer, openInvoicesWithAmount } from './bank-facts.ts';

export interface ImportedLine {
  readonly entryId: string | null;
  readonly entryRef: string;
  readonly label: string;
  readonly amount: number;
  /** Its statement's currency: one file may hold statements of several accounts. */
  readonly currency: string;
  readonly status: 'posted' | 'review' | 'duplicate';
  readonly customerRef: string | null;
  readonly paymentId: string | null;
  readonly allocations: { readonly invoiceNumber: string; readonly amount: number }[];
  readonly reason: string;
}

export interface ImportSummary {
  readonly statements: { readonly id: string; readonly messageId: string; readonly statementId: string; readonly accountIban: string; readonly currency: string }[];
  readonly posted: number;
  readonly review: number;
  readonly duplicates: number;
  readonly skipped: { readonly label: string; readonly reason: string }[];
  readonly lines: ImportedLine[];
}

export interface BankImportDeps {
  readonly db: Kysely<DB>;
  readonly ledger: LedgerApi;
}

const INTERRUPTED = 'An earlier import stopped before finishing this line; if it was posted, confirming returns that payment instead of posting again.';

export const entryIdempotencyKey = (accountIban: string, ref: string) => `bank-entry:${accountIban}:${ref}`;

export function remittanceText(line: BankLine): string {
  return [...line.remittance.structured, ...line.remittance.unstructured].join(' | ').slice(0, 1000);
}

export async function importCamt053(deps: BankImportDeps, ctx: ImportContext, xml: string): Promise<Result<ImportSummary>> {
  const parsed = parseCamt053(xml);
  return parsed.ok ? ok(await importStatements(deps, ctx, parsed.value)) : parsed;
}

type ImportContext = CommandContext & { readonly actorLabel: string };

/** Statements already read whole (CAMT.053 or a mapped CSV): claim, match, post or queue each line. */
export async function importStatements(deps: BankImportDeps, ctx: ImportContext, parsed: readonly BankStatement[]): Promise<ImportSummary> {
  const allLines = parsed.flatMap((statement) => statement.lines);
  const referenced = await findReferencedInvoices(deps.db, allLines.flatMap(invoiceTokens));
  const payers = await loadPayerDirectory(deps.db);
  const openByCustomer = new Map<string, OpenInvoiceFact[]>();

  const lines: ImportedLine[] = [];
  const statements: ImportSummary['statements'][number][] = [];
  for (const statement of parsed) {
    const stored = await deps.db
      .insertInto('bank_statements')
      .values({ message_id: statement.messageId, statement_id: statement.statementId, account_iban: statement.accountIban, currency: statement.currency, imported_by: ctx.actorLabel })
      .returning('id')
      .executeTakeFirstOrThrow();
    statements.push({ id: stored.id, messageId: statement.messageId, statementId: statement.statementId, accountIban: statement.accountIban, currency: statement.currency });

    for (const line of statement.lines) {
      const base = { entryRef: line.ref, label: line.label, amount: Number(line.amount), currency: statement.currency };
      const claimed = await deps.db
        .insertInto('bank_entries')
        .values({
          statement_id: stored.id,
          account_iban: statement.accountIban,
          entry_ref: line.ref,
          booking_date: line.bookingDate,
          amount: line.amount,
          currency: line.currency,
          debtor_name: line.debtorName ?? null,
          debtor_iban: line.debtorIban ?? null,
          remittance: remittanceText(line),
          status: 'pending',
        })
        .onConflict((oc) => oc.columns(['account_iban', 'entry_ref']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!claimed) {
        // A line an import claimed but never finished (the process died mid-way) goes to review;
        // its idempotency key keeps a confirm from posting it a second time.
        const stale = await deps.db
          .updateTable('bank_entries')
          .set({ status: 'review', reason: INTERRUPTED })
          .where('account_iban', '=', statement.accountIban)
          .where('entry_ref', '=', line.ref)
          .where('status', '=', 'pending')
          .where('created_at', '<', sql<Date>`now() - interval '5 minutes'`)
          .returning('id')
          .executeTakeFirst();
        lines.push(stale ? { ...base, entryId: stale.id, status: 'review', customerRef: null, paymentId: null, allocations: [], reason: INTERRUPTED } : { ...base, entryId: null, status: 'duplicate', customerRef: null, paymentId: null, allocations: [], reason: 'already imported' });
        continue;
      }

      const payer = payers.find(line.debtorIban, line.debtorName);
      if (payer && !openByCustomer.has(payer.customerId)) openByCustomer.set(payer.customerId, await openInvoicesOfCustomer(deps.db, payer.customerId));
      const lineReferenced = new Map(invoiceTokens(line).flatMap((token) => {
        const invoice = referenced.get(normalizeInvoiceToken(token));
        return invoice ? [[normalizeInvoiceToken(token), invoice] as const] : [];
      }));
      const decision = matchPayment(line, {
        referenced: lineReferenced,
        payer,
        payerOpenInvoices: payer ? (openByCustomer.get(payer.customerId) ?? []) : [],
        sameAmountInvoices: payer || lineReferenced.size > 0 ? [] : await openInvoicesWithAmount(deps.db, line.amount, line.currency),
      });

      if (decision.kind === 'review') {
        await deps.db
          .updateTable('bank_entries')
          .set({ status: 'review', reason: decision.reason, customer_id: decision.customerId ?? null, suggestions: JSON.stringify(decision.suggestions.map(suggestionJson)) })
          .where('id', '=', claimed.id)
          .execute();
        lines.push({ ...base, entryId: claimed.id, status: 'review', customerRef: null, paymentId: null, allocations: [], reason: decision.reason });
        continue;
      }

      const allocations = decision.allocations.map((a) => ({ invoiceNumber: a.invoiceNumber, amount: Number(a.amount) }));
      const posted = await deps.ledger.receivePayment(
        { actor: ctx.actor, requestId: ctx.requestId, idempotencyKey: entryIdempotencyKey(statement.accountIban, line.ref) },
        { customerRef: decision.customerRef, date: line.bookingDate, amount: Number(line.amount), currency: line.currency, reference: line.endToEndId ?? line.ref, allocations },
      );
      if (!posted.ok) {
        const reason = `Matched by ${decision.reason}, but the ledger refused it: ${posted.error.message}`;
        await deps.db.updateTable('bank_entries').set({ status: 'review', reason, customer_id: decision.customerId }).where('id', '=', claimed.id).execute();
        lines.push({ ...base, entryId: claimed.id, status: 'review', customerRef: decision.customerRef, paymentId: null, allocations: [], reason });
        continue;
      }
      await deps.db.updateTable('bank_entries').set({ status: 'posted', reason: decision.reason, customer_id: decision.customerId, payment_id: posted.value.id }).where('id', '=', claimed.id).execute();
      // Later lines of the same file see what this one settled.
      for (const allocation of decision.allocations) {
        const key = normalizeInvoiceToken(allocation.invoiceNumber);
        const invoice = referenced.get(key);
        if (invoice) referenced.set(key, { ...invoice, openAmount: invoice.openAmount - allocation.amount });
      }
      openByCustomer.delete(decision.customerId);
      lines.push({ ...base, entryId: claimed.id, status: 'posted', customerRef: decision.customerRef, paymentId: posted.value.id, allocations, reason: decision.reason });
    }
  }

  return {
    statements,
    posted: lines.filter((l) => l.status === 'posted').length,
    review: lines.filter((l) => l.status === 'review').length,
    duplicates: lines.filter((l) => l.status === 'duplicate').length,
    skipped: parsed.flatMap((statement) => statement.skipped),
    lines,
  };
}

export const suggestionJson = (invoice: OpenInvoiceFact) => ({ customerRef: invoice.customerRef, invoiceNumber: invoice.number, dueDate: invoice.dueDate, openAmount: Number(invoice.openAmount), currency: invoice.currency });
