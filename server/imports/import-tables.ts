import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type ImportJobStatus = 'running' | 'done' | 'failed';

export interface ImportJobsTable {
  id: string;
  kind: 'invoices';
  status: ImportJobStatus;
  /** 'http' or the CLI's file name. */
  source: string;
  /** The audit label of whoever started it. */
  created_by: string;
  /** From Content-Length or the file size, when known: lets a client draw a percentage. */
  total_bytes: bigint | null;
  bytes_read: Generated<bigint>;
  rows_read: Generated<number>;
  imported: Generated<number>;
  skipped: Generated<number>;
  customers_created: Generated<number>;
  rejected_count: Generated<number>;
  /** The first rejections (capped), as `{row, column, message}`. */
  rejected: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  started_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ImportTables {
  import_jobs: ImportJobsTable;
}
