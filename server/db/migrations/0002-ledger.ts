/**
 * The AR ledger (DESIGN §3): an append-only double-entry journal plus the business records it
 * posts for. `invoices.open_amount` and `payments.unapplied` are caches of journal sums kept by
 * the executor in the same transaction (checked by the trial balance). Journal entries carry the
 * invoice's issue and due dates on AR lines so the metrics read one table in one scan.
 * Entries have no foreign keys on purpose: only the executor writes them, in the transaction of
 * their journal transaction, and per-row FK triggers would slow bulk imports several-fold.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table customers add column on_hold boolean not null default false;
    alter table customers add column hold_reason text;

    create table journal_transactions (
      id uuid primary key,
      kind text not null check (kind in ('invoice', 'payment', 'application', 'unapplication', 'credit_note', 'write_off', 'refund', 'reversal')),
      customer_id uuid not null references customers (id),
      currency char(3) not null,
      effective_date date not null,
      reverses_id uuid references journal_transactions (id),
      reversed_by_id uuid,
      actor text not null,
      request_id text not null,
      created_at timestamptz not null default now()
    );
    create index journal_transactions_customer_idx on journal_transactions (customer_id, effective_date);
    create unique index journal_transactions_reverses_key on journal_transactions (reverses_id) where reverses_id is not null;

    create table journal_entries (
      id bigint generated always as identity primary key,
      transaction_id uuid not null,
      account text not null check (account in ('ar', 'cash', 'revenue', 'tax_payable', 'unapplied_cash', 'write_off_expense')),
      customer_id uuid not null,
      invoice_id uuid,
      payment_id uuid,
      currency char(3) not null,
      amount bigint not null check (amount <> 0),
      entry_date date not null,
      issue_date date,
      due_date date,
      check ((account = 'ar') = (invoice_id is not null and issue_date is not null and due_date is not null)),
      check (account <> 'unapplied_cash' or payment_id is not null)
    );
    create index journal_entries_transaction_idx on journal_entries (transaction_id);
    create index journal_entries_invoice_idx on journal_entries (invoice_id) where invoice_id is not null;
    create index journal_entries_payment_idx on journal_entries (payment_id) where payment_id is not null;

    create table invoices (
      id uuid primary key,
      number text not null unique,
      customer_id uuid not null references customers (id),
      currency char(3) not null,
      issue_date date not null,
      due_date date not null check (due_date >= issue_date),
      net bigint not null,
      tax bigint not null,
      amount bigint not null check (amount > 0 and amount = net + tax),
      open_amount bigint not null,
      written_off bigint not null default 0,
      voided boolean not null default false,
      issue_transaction_id uuid not null,
      content_hash text not null,
      created_at timestamptz not null default now(),
      check (open_amount between 0 and amount)
    );
    create index invoices_customer_idx on invoices (customer_id, due_date);

    create table invoice_lines (
      invoice_id uuid not null references invoices (id),
      position integer not null,
      description text not null,
      quantity integer not null check (quantity > 0),
      unit_price bigint not null check (unit_price >= 0),
      tax bigint not null check (tax >= 0),
      amount bigint not null,
      primary key (invoice_id, position)
    );

    create table payments (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      currency char(3) not null,
      payment_date date not null,
      amount bigint not null check (amount > 0),
      unapplied bigint not null check (unapplied >= 0),
      reference text,
      reversed boolean not null default false,
      transaction_id uuid not null,
      created_at timestamptz not null default now()
    );
    create index payments_customer_idx on payments (customer_id, payment_date);

    -- What each payment currently has on each invoice: its AR credits there, net of unapplications.
    create view payment_allocations as
      select payment_id, invoice_id, -sum(amount) as amount
      from journal_entries where account = 'ar' and payment_id is not null
      group by payment_id, invoice_id having sum(amount) <> 0;

    create table disputes (
      id uuid primary key,
      invoice_id uuid not null references invoices (id),
      customer_id uuid not null references customers (id),
      reason text not null check (reason in ('pricing', 'quantity', 'quality', 'not_received', 'duplicate', 'terms', 'other')),
      note text not null,
      status text not null check (status in ('open', 'resolved')),
      opened_on date not null,
      opened_by text not null,
      outcome text check (outcome in ('credit', 'upheld', 'rejected')),
      credit_amount bigint,
      resolution_note text,
      resolved_on date,
      resolved_by text,
      credit_note_id uuid,
      created_at timestamptz not null default now(),
      check ((status = 'resolved') = (outcome is not null and resolved_on is not null))
    );
    create unique index disputes_one_open_per_invoice on disputes (invoice_id) where status = 'open';
    create index disputes_customer_idx on disputes (customer_id);

    create table dispute_comments (
      id uuid primary key default gen_random_uuid(),
      dispute_id uuid not null references disputes (id),
      author text not null,
      body text not null,
      created_at timestamptz not null default now()
    );
    create index dispute_comments_dispute_idx on dispute_comments (dispute_id, created_at);

    create table credit_notes (
      id uuid primary key,
      invoice_id uuid not null references invoices (id),
      customer_id uuid not null references customers (id),
      currency char(3) not null,
      note_date date not null,
      amount bigint not null check (amount > 0),
      reason text not null,
      dispute_id uuid,
      transaction_id uuid not null,
      created_at timestamptz not null default now()
    );
    create index credit_notes_invoice_idx on credit_notes (invoice_id);

    create table write_offs (
      id uuid primary key,
      invoice_id uuid not null references invoices (id),
      customer_id uuid not null references customers (id),
      currency char(3) not null,
      write_off_date date not null,
      amount bigint not null check (amount > 0),
      reason text not null,
      transaction_id uuid not null,
      created_at timestamptz not null default now()
    );
    create index write_offs_invoice_idx on write_offs (invoice_id);

    create table refunds (
      id uuid primary key,
      payment_id uuid not null references payments (id),
      customer_id uuid not null references customers (id),
      currency char(3) not null,
      refund_date date not null,
      amount bigint not null check (amount > 0),
      transaction_id uuid not null,
      created_at timestamptz not null default now()
    );

    -- Promise-to-pay records; the collections work adds status changes and broken-promise checks.
    create table promises (
      id uuid primary key default gen_random_uuid(),
      customer_id uuid not null references customers (id),
      invoice_numbers jsonb not null default '[]',
      amount bigint not null check (amount > 0),
      currency char(3) not null,
      promised_date date not null,
      status text not null default 'open',
      note text not null default '',
      recorded_by text not null,
      created_at timestamptz not null default now()
    );
    create index promises_customer_idx on promises (customer_id, promised_date);

    create table idempotency_keys (
      key text primary key,
      command text not null,
      request_hash text not null,
      response jsonb not null,
      created_at timestamptz not null default now()
    );

    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor text not null,
      request_id text not null,
      command text not null,
      subject_type text not null,
      subject_id text not null,
      customer_id uuid,
      invoice_id uuid,
      details jsonb not null default '{}'
    );
    create index audit_log_customer_idx on audit_log (customer_id, at);
    create index audit_log_invoice_idx on audit_log (invoice_id, at) where invoice_id is not null;
  `.execute(db);
}
