import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table settings (
      key text primary key,
      value text not null
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      role text not null check (role in ('admin', 'finance', 'sales')),
      password_hash text not null,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create unique index users_email_key on users (lower(email));

    create table auth_sessions (
      token_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index auth_sessions_user_idx on auth_sessions (user_id);

    create table customers (
      id uuid primary key default gen_random_uuid(),
      ref text not null unique,
      name text not null,
      currency char(3) not null default 'USD',
      sales_owner_id uuid references users (id),
      credit_limit bigint not null default 0 check (credit_limit >= 0),
      payment_terms_days integer not null default 30 check (payment_terms_days between 0 and 365),
      segment text not null default 'standard',
      contacts jsonb not null default '[]',
      created_at timestamptz not null default now()
    );
    create index customers_sales_owner_idx on customers (sales_owner_id);
  `.execute(db);
}
