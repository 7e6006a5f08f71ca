/** Kysely types of the ledger's tables (migration 0002-ledger). int8 → bigint, date → 'YYYY-MM-DD'. */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, string, string>;

export interface JournalTransactionsTable {
  id: string;
  kind: string;
  customer_id: string;
  currency: string;
  effective_date: string;
  reverses_id: string | null;
  reversed_by_id: string | null;
  actor: string;
  request_id: string;
  created_at: CreatedAt;
}

export interface JournalEntriesTable {
  id: Generated<bigint>;
  transaction_id: string;
  account: string;
  customer_id: string;
  invoice_id: string | null;
  payment_id: string | null;
  currency: string;
  amount: bigint;
  entry_date: string;
  issue_date: string | null;
  due_date: string | null;
}

export interface InvoicesTable {
  id: string;
  number: string;
  customer_id: string;
  currency: string;
  issue_date: string;
  due_date: string;
  net: bigint;
  tax: bigint;
  amount: bigint;
  open_amount: bigint;
  written_off: Generated<bigint>;
  voided: Generated<boolean>;
  issue_transaction_id: string;
  content_hash: string;
  created_at: CreatedAt;
}

export interface InvoiceLinesTable {
  invoice_id: string;
  position: number;
  description: string;
  quantity: number;
  unit_price: bigint;
  tax: bigint;
  amount: bigint;
}

export interface PaymentsTable {
  id: string;
  customer_id: string;
  currency: string;
  payment_date: string;
  amount: bigint;
  unapplied: bigint;
  reference: string | null;
  reversed: Generated<boolean>;
  transaction_id: string;
  created_at: CreatedAt;
}

export interface PaymentAllocationsView {
  payment_id: string;
  invoice_id: string;
  amount: bigint;
}

export interface DisputesTable {
  id: string;
  invoice_id: string;
  customer_id: string;
  reason: string;
  note: string;
  status: string;
  opened_on: string;
  opened_by: string;
  outcome: string | null;
  credit_amount: bigint | null;
  resolution_note: string | null;
  resolved_on: string | null;
  resolved_by: string | null;
  credit_note_id: string | null;
  created_at: CreatedAt;
}

export interface DisputeCommentsTable {
  id: Generated<string>;
  dispute_id: string;
  author: string;
  body: string;
  created_at: CreatedAt;
}

export interface CreditNotesTable {
  id: string;
  invoice_id: string;
  customer_id: string;
  currency: string;
  note_date: string;
  amount: bigint;
  reason: string;
  dispute_id: string | null;
  transaction_id: string;
  created_at: CreatedAt;
}

export interface WriteOffsTable {
  id: string;
  invoice_id: string;
  customer_id: string;
  currency: string;
  write_off_date: string;
  amount: bigint;
  reason: string;
  transaction_id: string;
  created_at: CreatedAt;
}

export interface RefundsTable {
  id: string;
  payment_id: string;
  customer_id: string;
  currency: string;
  refund_date: string;
  amount: bigint;
  transaction_id: string;
  created_at: CreatedAt;
}

export interface PromisesTable {
  id: Generated<string>;
  customer_id: string;
  invoice_numbers: Json;
  amount: bigint;
  currency: string;
  promised_date: string;
  status: Generated<string>;
  note: Generated<string>;
  recorded_by: string;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  key: string;
  command: string;
  request_hash: string;
  response: Json;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<bigint>;
  at: CreatedAt;
  actor: string;
  request_id: string;
  command: string;
  subject_type: string;
  subject_id: string;
  customer_id: string | null;
  invoice_id: string | null;
  details: Json;
}

export interface LedgerTables {
  journal_transactions: JournalTransactionsTable;
  journal_entries: JournalEntriesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsView;
  disputes: DisputesTable;
  dispute_comments: DisputeCommentsTable;
  credit_notes: CreditNotesTable;
  write_offs: WriteOffsTable;
  refunds: RefundsTable;
  promises: PromisesTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
}
