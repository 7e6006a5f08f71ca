import { sql, type Kysely } from 'kysely';

/** Import jobs: one row per file imported, updated after each batch so clients can show progress. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table import_jobs (
      id uuid primary key,
      kind text not null check (kind in ('invoices')),
      status text not null check (status in ('running', 'done', 'failed')),
      source text not null,
      created_by text not null,
      total_bytes bigint check (total_bytes >= 0),
      bytes_read bigint not null default 0,
      rows_read integer not null default 0,
      imported integer not null default 0,
      skipped integer not null default 0,
      customers_created integer not null default 0,
      rejected_count integer not null default 0,
      rejected jsonb not null default '[]',
      error text,
      started_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index import_jobs_started_idx on import_jobs (started_at desc);
  `.execute(db);
}
