/**
 * Runs one invoice import as a job: counts bytes (and enforces the size limit while streaming,
 * since a chunked upload has no Content-Length to check up front), keeps the `import_jobs` row
 * current after every batch, and records how it ended. Used by the HTTP route and the CLI.
 */
import { randomUUID } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CommandContext, LedgerApi } from '../ledger/ledger-api.ts';
import type { ImportRowError } from '../../shared/imports/invoice-columns.ts';
import { utcDate } from '../../shared/time/dates.ts';
import { CsvSyntaxError } from './csv-records.ts';
import { createImportJob, finishImportJob, recordImportProgress } from './import-jobs.ts';
import type { ImportCounts } from './import-tally.ts';
import { importInvoiceCsv, type BatchLock } from './invoice-import.ts';

export class ImportTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than the import limit of ${limit} bytes.`);
    this.name = 'ImportTooLargeError';
  }
}

class ByteCounter extends Transform {
  bytes = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) callback(new ImportTooLargeError(this.limit));
    else callback(null, chunk);
  }
}

export interface ImportJobDeps {
  readonly db: Kysely<DB>;
  readonly ledger: LedgerApi;
  readonly now: () => Date;
}

export interface ImportJobRequest {
  readonly id?: string;
  readonly source: Readable;
  /** 'http' or the file name. */
  readonly sourceName: string;
  readonly ctx: CommandContext;
  readonly totalBytes: number | null;
  readonly maxBytes: number;
  readonly batchRows?: number;
  readonly batchLock?: BatchLock;
  readonly onProgress?: (counts: ImportCounts, bytesRead: number) => void;
}

export type ImportJobOutcome =
  | { readonly kind: 'done'; readonly id: string; readonly counts: ImportCounts }
  /** Nothing imported: the header row is missing or unusable. */
  | { readonly kind: 'bad-header'; readonly id: string; readonly errors: readonly ImportRowError[] }
  /** Stopped part-way; batches before `counts` were committed and stay (a re-import skips them). */
  | { readonly kind: 'too-large'; readonly id: string; readonly limit: number; readonly counts: ImportCounts }
  | { readonly kind: 'unreadable'; readonly id: string; readonly error: ImportRowError; readonly counts: ImportCounts };

export async function runInvoiceImportJob(deps: ImportJobDeps, request: ImportJobRequest): Promise<ImportJobOutcome> {
  const id = request.id ?? randomUUID();
  await createImportJob(deps.db, { id, source: request.sourceName, createdBy: request.ctx.actor.kind === 'system' ? `system:${request.ctx.actor.name}` : request.ctx.actor.name, totalBytes: request.totalBytes });
  const counter = new ByteCounter(request.maxBytes);
  request.source.on('error', (error) => counter.destroy(error));
  request.source.pipe(counter);

  let last: ImportCounts = { rowsRead: 0, imported: 0, skipped: 0, customersCreated: 0, rejectedCount: 0, rejected: [] };
  let reportedRejections = 0;
  const onProgress = async (counts: ImportCounts) => {
    last = counts;
    const changed = counts.rejected.length !== reportedRejections;
    reportedRejections = counts.rejected.length;
    await recordImportProgress(deps.db, id, counts, counter.bytes, changed, deps.now());
    request.onProgress?.(counts, counter.bytes);
  };

  try {
    const outcome = await importInvoiceCsv(counter, { ledger: deps.ledger, ctx: request.ctx, today: utcDate(deps.now()), onProgress, ...(request.batchRows ? { batchRows: request.batchRows } : {}), ...(request.batchLock ? { batchLock: request.batchLock } : {}) });
    if (!outcome.ok) {
      await finishImportJob(deps.db, id, 'failed', outcome.headerErrors.map((e) => e.message).join(' '), deps.now());
      return { kind: 'bad-header', id, errors: outcome.headerErrors };
    }
    await recordImportProgress(deps.db, id, outcome.counts, counter.bytes, true, deps.now());
    await finishImportJob(deps.db, id, 'done', null, deps.now());
    return { kind: 'done', id, counts: outcome.counts };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishImportJob(deps.db, id, 'failed', message, deps.now()).catch(() => {});
    if (error instanceof ImportTooLargeError) return { kind: 'too-large', id, limit: error.limit, counts: last };
    if (error instanceof CsvSyntaxError) return { kind: 'unreadable', id, error: { row: error.row, column: 'csv', message }, counts: last };
    throw error;
  } finally {
    request.source.unpipe(counter);
  }
}
