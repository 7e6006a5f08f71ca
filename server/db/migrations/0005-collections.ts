/**
 * Collections (issue 7): reminder templates and cadences, the mail outbox, the communication
 * log, per-(invoice, step) reminder records (what makes the scheduler idempotent), tasks,
 * customer pauses, unbilled orders and limit alerts, negotiated terms and their checks, and the
 * scheduler's lease. Nothing here is written by the ledger. Hold state lives in the
 * `customers.on_hold/hold_reason` columns 0002 added for it; promise status in `promises.status`.
 * Default templates and a default cadence (−3, +1, +7, +14, +21) ship with fixed ids.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table reminder_templates (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      level text not null check (level in ('forewarning', 'friendly', 'firm', 'final')),
      subject text not null,
      body text not null,
      updated_at timestamptz not null default now()
    );

    create table cadences (
      id uuid primary key default gen_random_uuid(),
      segment text,
      customer_id uuid references customers (id),
      steps jsonb not null,
      updated_at timestamptz not null default now(),
      check ((segment is null) <> (customer_id is null))
    );
    create unique index cadences_segment_key on cadences (segment) where segment is not null;
    create unique index cadences_customer_key on cadences (customer_id) where customer_id is not null;

    create table mail_outbox (
      id uuid primary key default gen_random_uuid(),
      message_key text not null unique,
      customer_id uuid references customers (id),
      kind text not null check (kind in ('reminder', 'escalation', 'alert')),
      to_address text not null,
      subject text not null,
      body text not null,
      invoice_ids jsonb not null default '[]',
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'cancelled')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where status in ('queued', 'sending');
    create index mail_outbox_customer_idx on mail_outbox (customer_id, created_at);

    create table communication_log (
      id bigint generated always as identity primary key,
      customer_id uuid not null references customers (id),
      day date not null,
      kind text not null,
      invoice_numbers jsonb not null default '[]',
      step_offset integer,
      reason text,
      outbox_id uuid,
      details jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index communication_log_customer_idx on communication_log (customer_id, id);

    create table reminder_steps (
      invoice_id uuid not null references invoices (id),
      step_offset integer not null,
      day date not null,
      outcome text not null check (outcome in ('sent', 'skipped')),
      reason text,
      open_amount bigint not null,
      outbox_id uuid,
      primary key (invoice_id, step_offset)
    );

    create table tasks (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('escalation', 'broken_promise', 'terms_mismatch', 'follow_up')),
      title text not null,
      customer_id uuid not null references customers (id),
      invoice_id uuid references invoices (id),
      dispute_id uuid references disputes (id),
      assignee_id uuid references users (id),
      due_date date not null,
      status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
      details jsonb not null default '{}',
      dedupe_key text unique,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index tasks_assignee_idx on tasks (assignee_id, status, due_date);
    create index tasks_customer_idx on tasks (customer_id, status);

    create table customer_collections (
      customer_id uuid primary key references customers (id),
      paused_until date,
      pause_reason text,
      unbilled_orders bigint not null default 0 check (unbilled_orders >= 0),
      limit_alert text check (limit_alert in ('limit_80', 'limit_100')),
      updated_at timestamptz not null default now(),
      check ((paused_until is null) = (pause_reason is null))
    );

    create table negotiated_terms (
      customer_id uuid primary key references customers (id),
      payment_terms_days integer check (payment_terms_days between 0 and 365),
      discount_bps integer not null default 0 check (discount_bps between 0 and 10000),
      list_prices jsonb not null default '{}',
      notes text not null default '',
      recorded_by text not null,
      updated_at timestamptz not null default now()
    );

    create table terms_checks (
      invoice_id uuid primary key references invoices (id),
      checked_on date not null,
      mismatch boolean not null,
      task_id uuid
    );

    create table promise_tracking (
      promise_id uuid primary key references promises (id),
      open_at_promise bigint not null,
      settled_on date
    );

    create table collection_leases (
      name text primary key,
      holder text not null,
      expires_at timestamptz not null
    );

    insert into reminder_templates (id, name, level, subject, body) values
      ('00000000-0000-4000-8000-000000000501', 'Forewarning', 'forewarning', 'Upcoming payment: {{invoiceCount}} invoice(s) for {{customerName}}',
       E'Dear {{contactName}},\\n\\na friendly note that the following invoice(s) fall due soon:\\n{{invoiceList}}\\n\\nTotal: {{totalAmount}}. Details and payment options: {{link}}\\n\\nThank you!'),
      ('00000000-0000-4000-8000-000000000502', 'Friendly reminder', 'friendly', 'Payment reminder: {{totalAmount}} open for {{customerName}}',
       E'Dear {{contactName}},\\n\\nour records show these invoice(s) as unpaid:\\n{{invoiceList}}\\n\\nTotal open: {{totalAmount}}. If you have already paid, please ignore this message. You can promise a date or raise a question here: {{link}}'),
      ('00000000-0000-4000-8000-000000000503', 'Firm reminder', 'firm', 'Overdue: {{totalAmount}}, up to {{maxDaysLate}} days late',
       E'Dear {{contactName}},\\n\\nthe following invoice(s) are overdue, the oldest since {{earliestDueDate}}:\\n{{invoiceList}}\\n\\nPlease pay {{totalAmount}} now or tell us when you will: {{link}}'),
      ('00000000-0000-4000-8000-000000000504', 'Final notice', 'final', 'Final notice: {{totalAmount}} overdue for {{customerName}}',
       E'Dear {{contactName}},\\n\\nthis is our final notice for:\\n{{invoiceList}}\\n\\nWithout payment of {{totalAmount}} or a reply, your account will be referred to your account manager and may be placed on hold. {{link}}');

    insert into cadences (segment, steps) values ('default', '[
      {"offsetDays": -3, "templateId": "00000000-0000-4000-8000-000000000501"},
      {"offsetDays": 1, "templateId": "00000000-0000-4000-8000-000000000502"},
      {"offsetDays": 7, "templateId": "00000000-0000-4000-8000-000000000503"},
      {"offsetDays": 14, "templateId": "00000000-0000-4000-8000-000000000503"},
      {"offsetDays": 21, "templateId": "00000000-0000-4000-8000-000000000504"}
    ]');
  `.execute(db);
}
