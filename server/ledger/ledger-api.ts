/**
 * The ledger as other server concepts see it (sessions/sync dispute bridge, imports, seed,
 * collections). Implemented in server/ledger and decorated on the app as `app.ledger`.
 * Every command: one database transaction, audit row (actor, time, request id), idempotent by
 * `idempotencyKey` when given, domain events emitted after commit. Failures are values.
 * Amounts are integer minor units (number in the API; bigint inside SQL).
 */
import type { Result } from '../../shared/result.ts';
import type { Actor } from '../auth/actor.ts';

export interface CommandContext {
  readonly actor: Actor | SystemActor;
  readonly requestId: string;
  /** `Idempotency-Key` header: same key + same input → same result, no second posting. */
  readonly idempotencyKey?: string;
}

/** The server itself acting (seed, import CLI, scheduler, sync bridge on behalf of nobody). */
export interface SystemActor {
  readonly kind: 'system';
  readonly name: string;
}

export type DisputeReason = 'pricing' | 'quantity' | 'quality' | 'not_received' | 'duplicate' | 'terms' | 'other';
export type DisputeOutcome = 'credit' | 'upheld' | 'rejected';

export interface InvoiceLineInput {
  readonly description: string;
  readonly quantity: number;
  /** Minor units per unit. */
  readonly unitPrice: number;
  /** Tax as given, minor units for the line. */
  readonly tax?: number;
}

export interface IssueInvoiceInput {
  readonly customerRef: string;
  readonly number: string;
  readonly issueDate: string;
  /** Defaults to issueDate + the customer's payment terms. */
  readonly dueDate?: string;
  readonly currency?: string;
  readonly lines: readonly InvoiceLineInput[];
}

export interface ReceivePaymentInput {
  readonly customerRef: string;
  readonly date: string;
  readonly amount: number;
  readonly currency: string;
  readonly reference?: string;
  /** Explicit allocations; when absent, oldest-due-first. Anything left is unapplied cash. */
  readonly allocations?: readonly { readonly invoiceNumber: string; readonly amount: number }[];
}

export interface OpenDisputeInput {
  readonly invoiceNumber: string;
  readonly reason: DisputeReason;
  readonly note: string;
  /** Defaults to today (UTC). */
  readonly openedOn?: string;
}

export interface ResolveDisputeInput {
  readonly outcome: DisputeOutcome;
  readonly creditAmount?: number;
  readonly note: string;
  readonly resolvedOn?: string;
}

export interface InvoiceView {
  readonly id: string;
  readonly number: string;
  readonly customerId: string;
  readonly customerRef: string;
  readonly currency: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly amount: number;
  readonly openAmount: number;
  readonly status: 'draft' | 'open' | 'partially_paid' | 'paid' | 'disputed' | 'written_off' | 'void';
  readonly openDisputeId: string | null;
}

export interface DisputeView {
  readonly id: string;
  readonly invoiceNumber: string;
  readonly customerId: string;
  readonly reason: DisputeReason;
  readonly note: string;
  readonly status: 'open' | 'resolved';
  readonly openedOn: string;
  readonly openedBy: string;
  readonly resolution: { readonly outcome: DisputeOutcome; readonly creditAmount: number | null; readonly note: string; readonly resolvedOn: string; readonly resolvedBy: string } | null;
}

export interface PaymentView {
  readonly id: string;
  readonly customerId: string;
  readonly date: string;
  readonly amount: number;
  readonly currency: string;
  readonly unapplied: number;
  readonly allocations: { readonly invoiceNumber: string; readonly amount: number }[];
}

/** A customer the CSV import meets for the first time (see `LedgerApi.ensureCustomers`). */
export interface EnsureCustomerInput {
  readonly ref: string;
  /** The CSV's customer_name, or the ref when the file has none. */
  readonly name: string;
  /** The currency of the customer's first imported invoice. */
  readonly currency: string;
}

/** One command of a batch (imports, the demo seed): the same planners and rules as the single commands. */
export type BatchCommand =
  | { readonly kind: 'issueInvoice'; readonly input: IssueInvoiceInput }
  | { readonly kind: 'receivePayment'; readonly input: ReceivePaymentInput }
  | { readonly kind: 'openDispute'; readonly input: OpenDisputeInput }
  | { readonly kind: 'resolveDisputeOfInvoice'; readonly invoiceNumber: string; readonly input: ResolveDisputeInput };

export interface LedgerApi {
  /**
   * Many commands, in order, in one transaction with multi-row writes — fast enough for 1M-row
   * imports. Each item gets its own result; an item that fails validation is skipped and never
   * half-written, and does not affect the others. Re-issuing an existing invoice number with the
   * same content succeeds as a no-op (idempotent re-import); with other content it fails.
   */
  postBatch(ctx: CommandContext, commands: readonly BatchCommand[]): Promise<Result<unknown>[]>;
  issueInvoice(ctx: CommandContext, input: IssueInvoiceInput): Promise<Result<InvoiceView>>;
  receivePayment(ctx: CommandContext, input: ReceivePaymentInput): Promise<Result<PaymentView>>;
  /** Idempotent per invoice: an invoice with an open dispute returns that dispute, not a new one. */
  openDispute(ctx: CommandContext, input: OpenDisputeInput): Promise<Result<DisputeView>>;
  resolveDispute(ctx: CommandContext, disputeId: string, input: ResolveDisputeInput): Promise<Result<DisputeView>>;
  findInvoice(invoiceNumber: string): Promise<InvoiceView | undefined>;
  /**
   * For the CSV import (server/imports): the invoices among `invoiceNumbers` that exist, found
   * in one query (a 1M-row import asks this once per few thousand rows, so one `findInvoice`
   * per row is too slow). Numbers that do not exist are simply absent.
   */
  findInvoices(invoiceNumbers: readonly string[]): Promise<InvoiceView[]>;
  /**
   * For the CSV import: creates each customer whose `ref` does not exist yet (default payment
   * terms, no sales owner, zero credit limit, a `createCustomer` audit row as `ctx.actor`, like
   * `POST /customers`) and leaves existing ones untouched (no update of name or currency). One
   * result per input, in order; a bad input (empty ref, unknown currency) fails alone; a ref
   * given twice is created once (the repeat says `created: false`).
   */
  ensureCustomers(ctx: CommandContext, customers: readonly EnsureCustomerInput[]): Promise<Result<{ readonly ref: string; readonly created: boolean }>[]>;
  listCustomerInvoices(customerId: string, options?: { openOnly?: boolean }): Promise<InvoiceView[]>;
}

/** Commands beyond the contract above, used by the REST routes. Dates default to today (UTC). */
export interface ApplyCashInput {
  readonly paymentId: string;
  readonly date?: string;
  readonly allocations?: readonly { readonly invoiceNumber: string; readonly amount: number }[];
}
export interface UnapplyCashInput {
  readonly paymentId: string;
  readonly invoiceNumber: string;
  readonly amount: number;
  readonly date?: string;
}
export interface InvoiceReductionInput {
  readonly invoiceNumber: string;
  /** Write-offs default to the whole open amount. */
  readonly amount?: number;
  readonly reason: string;
  readonly date?: string;
}
export interface RefundInput {
  readonly paymentId: string;
  readonly amount: number;
  readonly date?: string;
}
export interface ReversalInput {
  readonly transactionId: string;
  readonly date?: string;
}
export interface PostedView {
  readonly id: string;
  readonly transactionId: string;
  readonly kind: string;
  readonly customerId: string;
  readonly date: string;
  readonly amount: number;
  readonly invoices: InvoiceView[];
}
export interface CommentView {
  readonly id: string;
  readonly disputeId: string;
  readonly author: string;
  readonly body: string;
  readonly createdAt: string;
}

export interface LedgerCommands extends LedgerApi {
  applyCash(ctx: CommandContext, input: ApplyCashInput): Promise<Result<PaymentView>>;
  unapplyCash(ctx: CommandContext, input: UnapplyCashInput): Promise<Result<PaymentView>>;
  creditNote(ctx: CommandContext, input: InvoiceReductionInput): Promise<Result<PostedView>>;
  writeOff(ctx: CommandContext, input: InvoiceReductionInput): Promise<Result<PostedView>>;
  refund(ctx: CommandContext, input: RefundInput): Promise<Result<PostedView>>;
  reverse(ctx: CommandContext, input: ReversalInput): Promise<Result<PostedView>>;
  commentDispute(ctx: CommandContext, disputeId: string, body: string): Promise<Result<CommentView>>;
}
