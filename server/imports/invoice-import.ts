/**
 * The CSV invoice import (DESIGN §5): stream records, validate each row (shared/imports), and
 * post the valid ones in batches through `LedgerApi.postBatch` — the ledger's own commands, no
 * side door. Invariants:
 * - a bad row is reported `{row, column, message}` and never stops the good ones;
 * - an invoice number that already exists is never posted again: same content → skipped, other
 *   content → rejected (so re-importing a file is idempotent, and no payment is posted twice);
 * - one batch is one ledger transaction; a row's commands touch only its own invoice;
 * - at most one batch is being posted while the next is parsed, so memory stays flat.
 * Unknown customers are created (from customer_name, else the ref) through
 * `ledger.ensureCustomers`, audited like `POST /customers`.
 */
import type { Readable } from 'node:stream';
import type { BatchCommand, CommandContext, EnsureCustomerInput, InvoiceView, LedgerApi } from '../ledger/ledger-api.ts';
import { InvoiceColumn, mapHeader, type ColumnMap, type ImportRowError } from '../../shared/imports/invoice-columns.ts';
import { columnForLedgerField, compareWithExisting, planInvoiceRow } from '../../shared/imports/invoice-plan.ts';
import { parseInvoiceRow, type ImportedInvoiceRow } from '../../shared/imports/invoice-row.ts';
import type { IsoDate } from '../../shared/time/dates.ts';
import { CsvSyntaxError, readCsvRecords } from './csv-records.ts';
import { ImportTally, type ImportCounts } from './import-tally.ts';

/** Rows per ledger batch: large enough for multi-row writes to pay off, small enough to keep memory and lock times low. */
export const DEFAULT_BATCH_ROWS = 2_000;
/** Customer refs remembered as existing; beyond this the memo is reset (memory stays bounded). */
const KNOWN_CUSTOMERS_MEMO = 100_000;

export interface InvoiceImportOptions {
  readonly ledger: LedgerApi;
  readonly ctx: CommandContext;
  /** Paid dates after this day are rejected. */
  readonly today?: IsoDate;
  readonly batchRows?: number;
  /**
   * Runs each batch's existence check and posting exclusively among the imports sharing it (one
   * per app): two files naming the same new invoice then cannot both post it. Held per batch
   * only, so a slow upload never blocks other imports.
   */
  readonly batchLock?: BatchLock;
  /** Called after each committed batch (for the job row and the CLI's progress line). */
  readonly onProgress?: (counts: ImportCounts) => Promise<void> | void;
}

export type InvoiceImportOutcome =
  | { readonly ok: true; readonly counts: ImportCounts }
  /** The file has no usable header: nothing was imported. */
  | { readonly ok: false; readonly headerErrors: readonly ImportRowError[] };

export type BatchLock = <T>(work: () => Promise<T>) => Promise<T>;

export function createBatchLock(): BatchLock {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work, work);
    tail = run.catch(() => {});
    return run;
  };
}

interface Batch {
  readonly rows: ImportedInvoiceRow[];
  readonly rejections: (readonly ImportRowError[])[];
  records: number;
}

const emptyBatch = (): Batch => ({ rows: [], rejections: [], records: 0 });

export async function importInvoiceCsv(source: Readable | AsyncIterable<Buffer | string>, options: InvoiceImportOptions): Promise<InvoiceImportOutcome> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const tally = new ImportTally();
  const poster = new BatchPoster(options.ledger, options.ctx, tally);
  const lock = options.batchLock ?? ((work) => work());
  let columns: ColumnMap | undefined;
  let batch = emptyBatch();
  let inFlight: Promise<void> = Promise.resolve();

  const flush = async () => {
    const ready = batch;
    batch = emptyBatch();
    await inFlight;
    inFlight = lock(() => poster.post(ready)).then(() => options.onProgress?.(tally.snapshot()));
    // Handled when awaited below; this only stops Node from calling it unhandled meanwhile.
    inFlight.catch(() => {});
  };

  try {
    for await (const record of readCsvRecords(source)) {
      if (!columns) {
        const header = mapHeader(record.cells);
        if (!header.ok) return { ok: false, headerErrors: header.errors };
        columns = header.columns;
        continue;
      }
      batch.records++;
      const parsed = parseInvoiceRow(record.cells, columns, record.row, options.today === undefined ? {} : { today: options.today });
      if (parsed.ok) batch.rows.push(parsed.value);
      else batch.rejections.push(parsed.errors);
      if (batch.records >= batchRows) await flush();
    }
  } catch (error) {
    // The rows read before a broken record are good rows: they still go in.
    if (error instanceof CsvSyntaxError && batch.records > 0) await flush();
    await inFlight;
    throw error;
  }
  if (!columns) return { ok: false, headerErrors: [{ row: 1, column: InvoiceColumn.invoiceNumber, message: 'The file is empty: expected a header row naming the columns.' }] };
  if (batch.records > 0) await flush();
  await inFlight;
  return { ok: true, counts: tally.snapshot() };
}

/** Posts batches one at a time and tallies each row's fate. */
class BatchPoster {
  private readonly knownCustomers = new Set<string>();

  constructor(
    private readonly ledger: LedgerApi,
    private readonly ctx: CommandContext,
    private readonly tally: ImportTally,
  ) {}

  async post(batch: Batch): Promise<void> {
    const rejections = new Map<number, readonly ImportRowError[]>();
    const reject = (row: ImportedInvoiceRow, errors: readonly ImportRowError[]) => rejections.set(row.row, errors);
    let imported = 0;
    let skipped = 0;

    // The same invoice twice in one batch: only the first goes on; the repeat follows its fate.
    const firsts = new Map<string, ImportedInvoiceRow>();
    const repeats: { row: ImportedInvoiceRow; first: ImportedInvoiceRow }[] = [];
    const unique: ImportedInvoiceRow[] = [];
    for (const row of batch.rows) {
      const first = firsts.get(row.invoiceNumber);
      if (!first) {
        firsts.set(row.invoiceNumber, row);
        unique.push(row);
      } else {
        const differences = compareWithExisting(row, { ...first, number: first.invoiceNumber, amount: Number(first.amount) });
        if (differences) reject(row, differences);
        else repeats.push({ row, first });
      }
    }

    const existing = await this.findExisting(unique.map((row) => row.invoiceNumber));
    let fresh: ImportedInvoiceRow[] = [];
    for (const row of unique) {
      const found = existing.get(row.invoiceNumber);
      if (!found) fresh.push(row);
      else {
        const differences = compareWithExisting(row, found);
        if (differences) reject(row, differences);
        else skipped++;
      }
    }

    fresh = await this.ensureCustomers(fresh, reject);

    const commands: BatchCommand[] = [];
    const spans: { row: ImportedInvoiceRow; start: number; end: number }[] = [];
    for (const row of fresh) {
      const start = commands.length;
      commands.push(...planInvoiceRow(row));
      spans.push({ row, start, end: commands.length });
    }
    const results = commands.length > 0 ? await this.ledger.postBatch(this.ctx, commands) : [];
    for (const { row, start, end } of spans) {
      const failedAt = results.slice(start, end).findIndex((result) => !result.ok);
      const failed = failedAt < 0 ? undefined : results[start + failedAt];
      if (!failed || failed.ok) {
        imported++;
        continue;
      }
      const command = commands[start + failedAt]!;
      // The invoice itself went in but a later command of its row did not: say so plainly.
      const prefix = failedAt === 0 ? '' : `Invoice ${row.invoiceNumber} was issued, but its ${command.kind === 'receivePayment' ? 'payment' : 'dispute'} was refused: `;
      const column = failedAt === 0 ? columnForLedgerField(failed.error.field) : command.kind === 'receivePayment' ? InvoiceColumn.paidDate : InvoiceColumn.disputed;
      reject(row, [{ row: row.row, column, message: `${prefix}${failed.error.message}` }]);
    }

    for (const { row, first } of repeats) {
      if (rejections.has(first.row)) reject(row, [{ row: row.row, column: InvoiceColumn.invoiceNumber, message: `Invoice ${row.invoiceNumber} repeats row ${first.row}, which was rejected.` }]);
      else skipped++;
    }

    // Report in file order: parse errors and ledger refusals of this batch interleaved by row.
    const all = [...batch.rejections, ...rejections.values()].sort((a, b) => a[0]!.row - b[0]!.row);
    for (const errors of all) this.tally.reject(errors);
    this.tally.rowsRead += batch.records;
    this.tally.imported += imported;
    this.tally.skipped += skipped;
  }

  private async findExisting(numbers: readonly string[]): Promise<Map<string, InvoiceView>> {
    if (numbers.length === 0) return new Map();
    const found = await this.ledger.findInvoices(numbers);
    return new Map(found.map((invoice) => [invoice.number, invoice]));
  }

  /** Creates the batch's unknown customers; returns the rows whose customer exists now. */
  private async ensureCustomers(rows: ImportedInvoiceRow[], reject: (row: ImportedInvoiceRow, errors: readonly ImportRowError[]) => void): Promise<ImportedInvoiceRow[]> {
    const wanted = new Map<string, EnsureCustomerInput>();
    for (const row of rows) {
      if (!this.knownCustomers.has(row.customerRef) && !wanted.has(row.customerRef)) {
        wanted.set(row.customerRef, { ref: row.customerRef, name: row.customerName ?? row.customerRef, currency: row.currency });
      }
    }
    if (wanted.size === 0) return rows;
    const inputs = [...wanted.values()];
    const results = await this.ledger.ensureCustomers(this.ctx, inputs);
    if (this.knownCustomers.size + inputs.length > KNOWN_CUSTOMERS_MEMO) this.knownCustomers.clear();
    const refused = new Map<string, string>();
    inputs.forEach((input, index) => {
      const result = results[index];
      if (result?.ok) {
        this.knownCustomers.add(input.ref);
        if (result.value.created) this.tally.customersCreated++;
      } else refused.set(input.ref, result ? result.error.message : 'no result from the ledger');
    });
    if (refused.size === 0) return rows;
    return rows.filter((row) => {
      const message = refused.get(row.customerRef);
      if (message !== undefined) reject(row, [{ row: row.row, column: InvoiceColumn.customerRef, message: `Customer ${row.customerRef} could not be created: ${message}` }]);
      return message === undefined;
    });
  }
}
