/**
 * Integrations (issue 8): API keys for machine clients, webhook subscriptions with a durable
 * delivery outbox and attempt log, and imported bank statement entries with their review queue.
 * Bank entries are unique per (account, entry reference): that is what makes re-importing a
 * statement post nothing twice. No table here is written by the ledger, and nothing here writes
 * the ledger's tables: payments are posted through `app.ledger`.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      prefix text not null,
      key_hash text not null unique,
      scopes jsonb not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table webhook_subscriptions (
      id uuid primary key default gen_random_uuid(),
      url text not null,
      events jsonb not null,
      secret text not null,
      description text not null default '',
      active boolean not null default true,
      created_by text not null,
      created_at timestamptz not null default now()
    );

    create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      subscription_id uuid not null references webhook_subscriptions (id),
      event_id uuid not null,
      event text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_status integer,
      last_error text,
      replay_of uuid references webhook_deliveries (id),
      created_at timestamptz not null default now(),
      delivered_at timestamptz
    );
    create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
    create index webhook_deliveries_subscription_idx on webhook_deliveries (subscription_id, created_at);

    create table webhook_attempts (
      id bigint generated always as identity primary key,
      delivery_id uuid not null references webhook_deliveries (id),
      attempted_at timestamptz not null,
      duration_ms integer not null,
      status integer,
      error text
    );
    create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id);

    create table bank_statements (
      id uuid primary key default gen_random_uuid(),
      message_id text not null,
      statement_id text not null,
      account_iban text not null,
      currency char(3) not null,
      imported_by text not null,
      imported_at timestamptz not null default now()
    );

    create table bank_entries (
      id uuid primary key default gen_random_uuid(),
      statement_id uuid not null references bank_statements (id),
      account_iban text not null,
      entry_ref text not null,
      booking_date date not null,
      amount bigint not null check (amount > 0),
      currency char(3) not null,
      debtor_name text,
      debtor_iban text,
      remittance text not null default '',
      status text not null check (status in ('pending', 'posted', 'review', 'confirmed', 'dismissed')),
      reason text not null default '',
      customer_id uuid references customers (id),
      payment_id uuid,
      suggestions jsonb not null default '[]',
      created_at timestamptz not null default now(),
      resolved_by text,
      resolved_at timestamptz
    );
    create unique index bank_entries_ref_key on bank_entries (account_iban, entry_ref);
    create index bank_entries_review_idx on bank_entries (created_at) where status = 'review';

    -- Debtor identities finance confirmed for a customer: a later payment from the same IBAN or
    -- name is matched to that customer without asking again.
    create table bank_debtor_identities (
      kind text not null check (kind in ('iban', 'name')),
      value text not null,
      customer_id uuid not null references customers (id),
      confirmed_by text not null,
      confirmed_at timestamptz not null default now(),
      primary key (kind, value)
    );
  `.execute(db);
}
