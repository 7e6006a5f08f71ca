/** The only SQL about `import_jobs`: create a job, record progress after each batch, finish it, read it. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ImportRowError } from '../../shared/imports/invoice-columns.ts';
import type { ImportJobView } from '../../shared/imports/import-schemas.ts';
import type { ImportJobStatus } from './import-tables.ts';
import type { ImportCounts } from './import-tally.ts';

/** The API view of a job (shared/imports/import-schemas.ts). */
export type ImportJob = ImportJobView;

export async function createImportJob(db: Kysely<DB>, job: { id: string; source: string; createdBy: string; totalBytes: number | null }): Promise<void> {
  await db
    .insertInto('import_jobs')
    .values({ id: job.id, kind: 'invoices', status: 'running', source: job.source, created_by: job.createdBy, total_bytes: job.totalBytes === null ? null : BigInt(job.totalBytes), error: null, finished_at: null })
    .execute();
}

export async function importJobExists(db: Kysely<DB>, id: string): Promise<boolean> {
  return (await db.selectFrom('import_jobs').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** `rejected` is rewritten only when it grew, so a clean 1M-row import does not rewrite a JSON list 500 times. */
export async function recordImportProgress(db: Kysely<DB>, id: string, counts: ImportCounts, bytesRead: number, rejectedChanged: boolean, now: Date): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      bytes_read: BigInt(bytesRead),
      rows_read: counts.rowsRead,
      imported: counts.imported,
      skipped: counts.skipped,
      customers_created: counts.customersCreated,
      rejected_count: counts.rejectedCount,
      ...(rejectedChanged ? { rejected: JSON.stringify(counts.rejected) } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function finishImportJob(db: Kysely<DB>, id: string, status: Exclude<ImportJobStatus, 'running'>, error: string | null, now: Date): Promise<void> {
  await db.updateTable('import_jobs').set({ status, error, updated_at: now, finished_at: now }).where('id', '=', id).execute();
}

export async function findImportJob(db: Kysely<DB>, id: string): Promise<ImportJob | undefined> {
  const row = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toJob(row);
}

export async function listImportJobs(db: Kysely<DB>, limit: number): Promise<ImportJob[]> {
  const rows = await db.selectFrom('import_jobs').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
  return rows.map(toJob);
}


function toJob(row: {
  id: string;
  kind: 'invoices';
  status: ImportJobStatus;
  source: string;
  created_by: string;
  total_bytes: bigint | null;
  bytes_read: bigint;
  rows_read: number;
  imported: number;
  skipped: number;
  customers_created: number;
  rejected_count: number;
  rejected: unknown;
  error: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}): ImportJob {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    source: row.source,
    createdBy: row.created_by,
    totalBytes: row.total_bytes === null ? null : Number(row.total_bytes),
    bytesRead: Number(row.bytes_read),
    rowsRead: row.rows_read,
    imported: row.imported,
    skipped: row.skipped,
    customersCreated: row.customers_created,
    rejectedCount: row.rejected_count,
    rejected: (typeof row.rejected === 'string' ? JSON.parse(row.rejected) : row.rejected) as ImportRowError[],
    error: row.error,
    startedAt: row.started_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
