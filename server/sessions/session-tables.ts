/** Kysely types of the sessions' tables (migration 0003-sessions). */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface CollabSessionsTable {
  id: Generated<string>;
  customer_id: string;
  title: string;
  status: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  closed_at: Date | null;
}

export interface ShareLinksTable {
  id: Generated<string>;
  session_id: string;
  role: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface SyncUpdatesTable {
  id: Generated<bigint>;
  session_id: string;
  doc: string;
  data: Uint8Array;
  created_at: CreatedAt;
}

export interface SyncSnapshotsTable {
  session_id: string;
  doc: string;
  data: Uint8Array;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SessionTables {
  collab_sessions: CollabSessionsTable;
  share_links: ShareLinksTable;
  sync_updates: SyncUpdatesTable;
  sync_snapshots: SyncSnapshotsTable;
}
