/**
 * The records one command (or one batch of commands) reads and writes, held in memory between
 * loading and writing: loaders fetch rows (locked `for update` when asked, in id order so two
 * transactions never deadlock), commands mutate the in-memory copies and queue new rows, and
 * `flush` writes everything with multi-row inserts, then updates the cached balances of
 * existing rows. Nothing is written until flush, so a command that fails leaves no trace.
 */
import { CompiledQuery, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CustomerState, InvoiceState, PaymentState } from '../../shared/ledger/ledger-state.ts';
import { Account, type Posting, type TransactionPlan } from '../../shared/ledger/accounts.ts';
import type { DomainEventName, DomainEvents } from '../events/domain-events.ts';

export interface InvoiceRecord extends InvoiceState {
  open: bigint;
  voided: boolean;
  writtenOff: bigint;
  readonly customerRef: string;
  readonly contentHash: string;
  readonly net: bigint;
  readonly tax: bigint;
  readonly issueTransactionId: string;
}

export interface PaymentRecord extends PaymentState {
  unapplied: bigint;
  reversed: boolean;
  readonly reference: string | null;
  readonly transactionId: string;
}

export interface DisputeRecord {
  readonly id: string;
  readonly invoiceId: string;
  readonly customerId: string;
  readonly reason: string;
  readonly note: string;
  status: 'open' | 'resolved';
  readonly openedOn: string;
  readonly openedBy: string;
  outcome: string | null;
  creditAmount: bigint | null;
  resolutionNote: string | null;
  resolvedOn: string | null;
  resolvedBy: string | null;
  creditNoteId: string | null;
}

export interface CustomerRecord extends CustomerState {
  readonly name: string;
}

type PendingEvent = { [K in DomainEventName]: { name: K; payload: DomainEvents[K] } }[DomainEventName];

const CHUNK_ROWS = 2000;
const SINGLE_STATEMENT_ROWS = 200;
/** From this many rows a table's rows travel as one JSON parameter (see jsonInsert): cheaper to compile and bind than VALUES. */
const JSON_ROWS = 8;

export class WorkingSet {
  readonly customersByRef = new Map<string, CustomerRecord>();
  readonly customersById = new Map<string, CustomerRecord>();
  readonly invoicesByNumber = new Map<string, InvoiceRecord>();
  readonly invoicesById = new Map<string, InvoiceRecord>();
  readonly paymentsById = new Map<string, PaymentRecord>();
  readonly disputesById = new Map<string, DisputeRecord>();
  readonly openDisputeByInvoiceId = new Map<string, DisputeRecord>();
  readonly events: PendingEvent[] = [];

  private readonly newIds = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly inserts: { [T in keyof DB]?: Insertable<DB[T]>[] } = {};
  private readonly reversedBy = new Map<string, string>();
  /** Customers whose open invoices are all loaded (oldest-due-first may use any of them). */
  private readonly openInvoicesLoaded = new Set<string>();

  constructor(
    readonly trx: Kysely<DB> | Transaction<DB>,
    public actor: string,
    public requestId: string,
    private readonly lock: boolean,
  ) {}

  /** Rows queued from now on are written as this actor's, under this request id (a group commit holds several requests). */
  actAs(actor: string, requestId: string): void {
    this.actor = actor;
    this.requestId = requestId;
  }

  // ── loading ────────────────────────────────────────────────────────────────────────────
  async loadCustomers(by: { refs?: readonly string[]; ids?: readonly string[] }): Promise<void> {
    const refs = [...new Set(by.refs ?? [])].filter((ref) => !this.customersByRef.has(ref));
    const ids = [...new Set(by.ids ?? [])].filter((id) => !this.customersById.has(id));
    for (const [column, values] of [['ref', refs], ['id', ids]] as const) {
      for (const chunk of chunks(values, CHUNK_ROWS)) {
        const rows = await this.trx.selectFrom('customers').select(['id', 'ref', 'name', 'currency', 'payment_terms_days']).where(column, 'in', chunk).execute();
        for (const row of rows) this.addCustomer({ id: row.id, ref: row.ref, name: row.name, currency: row.currency, paymentTermsDays: row.payment_terms_days });
      }
    }
  }

  private addCustomer(customer: CustomerRecord) {
    this.customersByRef.set(customer.ref, customer);
    this.customersById.set(customer.id, customer);
  }

  private invoiceQuery() {
    return this.trx
      .selectFrom('invoices')
      .innerJoin('customers', 'customers.id', 'invoices.customer_id')
      .select(['invoices.id', 'invoices.number', 'invoices.customer_id', 'customers.ref', 'customers.name as customer_name', 'customers.currency as customer_currency', 'customers.payment_terms_days', 'invoices.currency', 'invoices.issue_date', 'invoices.due_date', 'invoices.net', 'invoices.tax', 'invoices.amount', 'invoices.open_amount', 'invoices.written_off', 'invoices.voided', 'invoices.issue_transaction_id', 'invoices.content_hash'])
      .orderBy('invoices.id');
  }

  private addInvoiceRows(rows: Awaited<ReturnType<ReturnType<WorkingSet['invoiceQuery']>['execute']>>) {
    for (const row of rows) {
      // The join brings the invoice's customer along: a payment by allocation needs no customer query of its own.
      if (!this.customersById.has(row.customer_id)) this.addCustomer({ id: row.customer_id, ref: row.ref, name: row.customer_name, currency: row.customer_currency, paymentTermsDays: row.payment_terms_days });
      if (this.invoicesById.has(row.id)) continue;
      const record: InvoiceRecord = {
        id: row.id, number: row.number, customerId: row.customer_id, customerRef: row.ref, currency: row.currency, issueDate: row.issue_date, dueDate: row.due_date,
        net: row.net, tax: row.tax, amount: row.amount, open: row.open_amount, writtenOff: row.written_off, voided: row.voided, issueTransactionId: row.issue_transaction_id, contentHash: row.content_hash,
      };
      this.invoicesById.set(record.id, record);
      this.invoicesByNumber.set(record.number, record);
    }
  }

  /** `disputes: false` when the command shows no invoice status (payments): saves a query per command. */
  async loadInvoices(by: { numbers?: readonly string[]; ids?: readonly string[] }, options: { disputes?: boolean } = {}): Promise<void> {
    const numbers = [...new Set(by.numbers ?? [])].filter((number) => !this.invoicesByNumber.has(number));
    const ids = [...new Set(by.ids ?? [])].filter((id) => !this.invoicesById.has(id));
    for (const [column, values] of [['invoices.number', numbers], ['invoices.id', ids]] as const) {
      for (const chunk of chunks(values, CHUNK_ROWS)) {
        let query = this.invoiceQuery().where(column, 'in', chunk);
        if (this.lock) query = query.forUpdate('invoices');
        this.addInvoiceRows(await query.execute());
      }
    }
    if (options.disputes ?? true) await this.loadOpenDisputes([...this.invoicesById.keys()]);
  }

  /** Every invoice of these customers with something open, locked: what oldest-due-first chooses from. */
  async loadOpenInvoicesOf(customerIds: readonly string[]): Promise<void> {
    const ids = [...new Set(customerIds)].filter((id) => !this.openInvoicesLoaded.has(id));
    for (const chunk of chunks(ids, CHUNK_ROWS)) {
      let query = this.invoiceQuery().where('invoices.customer_id', 'in', chunk).where('invoices.open_amount', '>', 0n);
      if (this.lock) query = query.forUpdate('invoices');
      this.addInvoiceRows(await query.execute());
      for (const id of chunk) this.openInvoicesLoaded.add(id);
    }
  }

  openInvoicesOf(customerId: string): InvoiceRecord[] {
    if (!this.openInvoicesLoaded.has(customerId)) throw new Error(`open invoices of ${customerId} were not loaded`);
    return [...this.invoicesById.values()].filter((invoice) => invoice.customerId === customerId && invoice.open > 0n);
  }

  async loadPayments(ids: readonly string[]): Promise<void> {
    for (const chunk of chunks([...new Set(ids)].filter((id) => !this.paymentsById.has(id)), CHUNK_ROWS)) {
      let query = this.trx.selectFrom('payments').selectAll().where('id', 'in', chunk).orderBy('id');
      if (this.lock) query = query.forUpdate();
      for (const row of await query.execute()) {
        this.paymentsById.set(row.id, { id: row.id, customerId: row.customer_id, currency: row.currency, date: row.payment_date, amount: row.amount, unapplied: row.unapplied, reversed: row.reversed, reference: row.reference, transactionId: row.transaction_id });
      }
    }
  }

  private async loadOpenDisputes(invoiceIds: readonly string[]): Promise<void> {
    for (const chunk of chunks(invoiceIds.filter((id) => !this.newIds.has(id)), CHUNK_ROWS)) {
      const rows = await this.trx.selectFrom('disputes').selectAll().where('invoice_id', 'in', chunk).where('status', '=', 'open').execute();
      for (const row of rows) this.addDispute(toDisputeRecord(row));
    }
  }

  async loadDispute(id: string): Promise<DisputeRecord | undefined> {
    const existing = this.disputesById.get(id);
    if (existing) return existing;
    let query = this.trx.selectFrom('disputes').selectAll().where('id', '=', id);
    if (this.lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const record = toDisputeRecord(row);
    this.addDispute(record);
    return record;
  }

  private addDispute(record: DisputeRecord) {
    if (this.disputesById.has(record.id)) return;
    this.disputesById.set(record.id, record);
    if (record.status === 'open') this.openDisputeByInvoiceId.set(record.invoiceId, record);
  }

  // ── writing ────────────────────────────────────────────────────────────────────────────
  insert<T extends keyof DB>(table: T, row: Insertable<DB[T]>): void {
    const rows = (this.inserts[table] ??= []) as Insertable<DB[T]>[];
    rows.push(row);
  }

  addNewInvoice(record: InvoiceRecord): void {
    this.newIds.add(record.id);
    this.invoicesById.set(record.id, record);
    this.invoicesByNumber.set(record.number, record);
  }

  addNewPayment(record: PaymentRecord): void {
    this.newIds.add(record.id);
    this.paymentsById.set(record.id, record);
  }

  addNewDispute(record: DisputeRecord): void {
    this.newIds.add(record.id);
    this.addDispute(record);
  }

  touch(id: string): void {
    if (!this.newIds.has(id)) this.dirty.add(id);
  }

  resolveDisputeRecord(record: DisputeRecord): void {
    this.openDisputeByInvoiceId.delete(record.invoiceId);
    this.touch(record.id);
  }

  markReversed(originalId: string, reversalId: string): void {
    this.reversedBy.set(originalId, reversalId);
  }

  /** Queues a planned transaction and moves the cached balances it changes. */
  post(transactionId: string, plan: TransactionPlan): void {
    this.insert('journal_transactions', {
      id: transactionId, kind: plan.kind, customer_id: plan.customerId, currency: plan.currency, effective_date: plan.date,
      reverses_id: plan.reversesId ?? null, reversed_by_id: null, actor: this.actor, request_id: this.requestId,
    });
    for (const posting of plan.postings) {
      const invoice = posting.invoiceId ? this.invoicesById.get(posting.invoiceId) : undefined;
      if (posting.account === Account.ar) {
        if (!invoice) throw new Error(`AR posting for an invoice not in the working set: ${posting.invoiceId}`);
        invoice.open += posting.amount;
        this.touch(invoice.id);
      }
      if (posting.account === Account.unappliedCash) {
        const payment = this.paymentsById.get(posting.paymentId!);
        if (!payment) throw new Error(`unapplied-cash posting for a payment not in the working set: ${posting.paymentId}`);
        payment.unapplied -= posting.amount;
        this.touch(payment.id);
      }
      this.insert('journal_entries', entryRow(transactionId, plan, posting, posting.account === Account.ar ? invoice : undefined));
    }
  }

  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.events.push({ name, payload } as PendingEvent);
  }

  audit(command: string, subject: { type: string; id: string; customerId?: string | null; invoiceId?: string | null }, details: Record<string, unknown> = {}): void {
    this.insert('audit_log', {
      actor: this.actor, request_id: this.requestId, command, subject_type: subject.type, subject_id: subject.id,
      customer_id: subject.customerId ?? null, invoice_id: subject.invoiceId ?? null, details: JSON.stringify(details, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
    });
  }

  /**
   * Writes everything queued. `claim` (the Idempotency-Key row, `… on conflict do nothing
   * returning`) goes last, in the same statement when the rest is one: returns whether it
   * inserted all `claims` rows (false = another request holds a key, so the caller rolls back).
   */
  async flush(claim?: { compile(): CompiledQuery }, claims = 1): Promise<boolean> {
    const statements: { compile(): CompiledQuery }[] = [];
    const order: (keyof DB)[] = ['journal_transactions', 'invoices', 'invoice_lines', 'payments', 'disputes', 'credit_notes', 'write_offs', 'refunds', 'dispute_comments', 'promises', 'journal_entries', 'audit_log'];
    let rowCount = 0;
    for (const table of order) {
      const rows = this.inserts[table];
      if (!rows?.length) continue;
      rowCount += rows.length;
      const finalRows = table === 'invoices' || table === 'payments' || table === 'disputes' ? rows.map((row) => this.withFinalBalances(table, row as { id: string })) : rows;
      const asJson = rows.length >= JSON_ROWS ? jsonInsert(table, finalRows as Record<string, unknown>[]) : undefined;
      if (asJson) statements.push({ compile: () => asJson });
      else for (const chunk of chunks(finalRows, Math.floor(30_000 / Object.keys(finalRows[0]!).length))) statements.push(this.trx.insertInto(table).values(chunk as never));
    }
    const dirtyInvoices = [...this.dirty].flatMap((id) => this.invoicesById.get(id) ?? []);
    if (dirtyInvoices.length >= JSON_ROWS) {
      const rows = dirtyInvoices.map((invoice) => ({ id: invoice.id, open_amount: invoice.open.toString(), written_off: invoice.writtenOff.toString(), voided: invoice.voided }));
      statements.push({ compile: () => CompiledQuery.raw('update "invoices" as i set "open_amount" = v."open_amount", "written_off" = v."written_off", "voided" = v."voided" from json_populate_recordset(null::"invoices", $1::json) as v where i."id" = v."id"', [JSON.stringify(rows)]) });
    }
    for (const id of this.dirty) {
      const invoice = this.invoicesById.get(id);
      if (invoice && dirtyInvoices.length < JSON_ROWS) statements.push(this.trx.updateTable('invoices').set({ open_amount: invoice.open, written_off: invoice.writtenOff, voided: invoice.voided }).where('id', '=', id));
      const payment = this.paymentsById.get(id);
      if (payment) statements.push(this.trx.updateTable('payments').set({ unapplied: payment.unapplied, reversed: payment.reversed }).where('id', '=', id));
      const dispute = this.disputesById.get(id);
      if (dispute) statements.push(this.trx.updateTable('disputes').set(disputeColumns(dispute)).where('id', '=', id));
    }
    for (const [originalId, reversalId] of this.reversedBy) statements.push(this.trx.updateTable('journal_transactions').set({ reversed_by_id: reversalId }).where('id', '=', originalId));
    // A single command writes a handful of rows into several tables: one statement of
    // data-modifying CTEs saves a round trip per table (foreign keys are checked at its end).
    // Batches write thousands of rows, where multi-row inserts per table are what matters.
    if (rowCount <= SINGLE_STATEMENT_ROWS && statements.length > 0 && claim) {
      const compiled = [...statements, claim].map((statement) => statement.compile());
      const result = await this.trx.executeQuery<{ claimed: number }>(combine(compiled, `select (select count(*) from w${compiled.length - 1})::int as claimed`));
      return (result.rows[0]?.claimed ?? 0) >= claims;
    }
    if (rowCount <= SINGLE_STATEMENT_ROWS && statements.length > 1) {
      await this.trx.executeQuery(combine(statements.map((statement) => statement.compile())));
      return true;
    }
    for (const statement of statements) await this.trx.executeQuery(statement.compile());
    return claim ? (await this.trx.executeQuery(claim.compile())).rows.length >= claims : true;
  }

  /** New invoices, payments and disputes are inserted with the balances that the batch left them with. */
  private withFinalBalances(table: keyof DB, row: { id: string }): unknown {
    if (table === 'invoices') {
      const invoice = this.invoicesById.get(row.id)!;
      return { ...row, open_amount: invoice.open, written_off: invoice.writtenOff, voided: invoice.voided };
    }
    if (table === 'payments') {
      const payment = this.paymentsById.get(row.id)!;
      return { ...row, unapplied: payment.unapplied, reversed: payment.reversed };
    }
    return { ...row, ...disputeColumns(this.disputesById.get(row.id)!) };
  }
}

function entryRow(transactionId: string, plan: TransactionPlan, posting: Posting, invoice: InvoiceRecord | undefined): Insertable<DB['journal_entries']> {
  return {
    transaction_id: transactionId, account: posting.account, customer_id: posting.customerId, invoice_id: posting.invoiceId ?? null, payment_id: posting.paymentId ?? null,
    currency: plan.currency, amount: posting.amount, entry_date: plan.date, issue_date: invoice?.issueDate ?? null, due_date: invoice?.dueDate ?? null,
  };
}

function disputeColumns(dispute: DisputeRecord) {
  return { status: dispute.status, outcome: dispute.outcome, credit_amount: dispute.creditAmount, resolution_note: dispute.resolutionNote, resolved_on: dispute.resolvedOn, resolved_by: dispute.resolvedBy, credit_note_id: dispute.creditNoteId };
}

function toDisputeRecord(row: { id: string; invoice_id: string; customer_id: string; reason: string; note: string; status: string; opened_on: string; opened_by: string; outcome: string | null; credit_amount: bigint | null; resolution_note: string | null; resolved_on: string | null; resolved_by: string | null; credit_note_id: string | null }): DisputeRecord {
  return {
    id: row.id, invoiceId: row.invoice_id, customerId: row.customer_id, reason: row.reason, note: row.note, status: row.status as 'open' | 'resolved', openedOn: row.opened_on, openedBy: row.opened_by,
    outcome: row.outcome, creditAmount: row.credit_amount, resolutionNote: row.resolution_note, resolvedOn: row.resolved_on, resolvedBy: row.resolved_by, creditNoteId: row.credit_note_id,
  };
}

/** Columns of the flushed tables holding jsonb, queued as JSON text (audit_log.details, promises.invoice_numbers). */
const JSONB_COLUMNS = new Set(['details', 'invoice_numbers']);

/**
 * Thousands of rows as ONE parameter: `insert … select … from json_populate_recordset(null::t, $1)`.
 * A multi-row VALUES list of 2,000 rows × 10 columns makes Kysely compile, pg serialise and the
 * server parse and bind 20,000 parameters; one JSON document is far cheaper on all three sides.
 * Only when every row names the same columns (a missing key would become NULL, not the
 * column default); otherwise undefined and the caller uses the VALUES form.
 */
function jsonInsert(table: string, rows: readonly Record<string, unknown>[]): CompiledQuery | undefined {
  const columns = Object.keys(rows[0]!).filter((column) => rows[0]![column] !== undefined);
  if (!rows.every((row) => Object.keys(row).filter((column) => row[column] !== undefined).length === columns.length && columns.every((column) => row[column] !== undefined))) return undefined;
  const rowSet = new Set<unknown>(rows);
  const json = JSON.stringify(rows, function (this: unknown, key: string, value: unknown) {
    if (typeof value === 'bigint') return value.toString();
    // Only a row's own jsonb column, not a same-named key inside that document.
    if (JSONB_COLUMNS.has(key) && typeof value === 'string' && rowSet.has(this)) return JSON.parse(value) as unknown;
    return value;
  });
  const list = columns.map((column) => `"${column}"`).join(', ');
  return CompiledQuery.raw(`insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", $1::json)`, [json]);
}

/** `with w0 as (q0), w1 as (q1), … select 1` (or `final`), renumbering each query's $n parameters. */
function combine(queries: readonly CompiledQuery[], final = 'select 1'): CompiledQuery {
  const parameters: unknown[] = [];
  const parts = queries.map((query, index) => {
    const offset = parameters.length;
    parameters.push(...query.parameters);
    return `w${index} as (${query.sql.replace(/\$(\d+)/g, (_match, n: string) => `$${Number(n) + offset}`)})`;
  });
  return CompiledQuery.raw(`with ${parts.join(', ')} ${final}`, parameters);
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
