/**
 * Collaborative sessions (DESIGN §6): sessions about one customer, share links (only their
 * metadata: tokens are HMAC-signed and never stored), and the Yjs documents as an append-only
 * update log plus one compacted snapshot per document. Compaction merges the snapshot with the
 * update rows it read and deletes exactly those rows, so concurrent appends are never lost.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table collab_sessions (
      id uuid primary key default gen_random_uuid(),
      customer_id uuid not null references customers (id),
      title text not null,
      status text not null default 'open' check (status in ('open', 'closed')),
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      closed_at timestamptz
    );
    create index collab_sessions_customer_idx on collab_sessions (customer_id);

    create table share_links (
      id uuid primary key default gen_random_uuid(),
      session_id uuid not null references collab_sessions (id) on delete cascade,
      role text not null check (role in ('customer', 'viewer')),
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index share_links_session_idx on share_links (session_id);

    create table sync_updates (
      id bigint generated always as identity primary key,
      session_id uuid not null references collab_sessions (id) on delete cascade,
      doc text not null check (doc in ('team', 'shared')),
      data bytea not null,
      created_at timestamptz not null default now()
    );
    create index sync_updates_doc_idx on sync_updates (session_id, doc, id);

    create table sync_snapshots (
      session_id uuid not null references collab_sessions (id) on delete cascade,
      doc text not null check (doc in ('team', 'shared')),
      data bytea not null,
      updated_at timestamptz not null default now(),
      primary key (session_id, doc)
    );
  `.execute(db);
}
