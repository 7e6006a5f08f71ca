/**
 * Bytes → CSV records with their row numbers, streaming (csv-parse pulls as we consume, so
 * memory stays flat whatever the file size). Row numbers are what a spreadsheet shows: the
 * header is row 1, a blank line still occupies a row, a quoted field spanning lines does not
 * add rows. Blank records (empty or only separators) are skipped, but counted. A UTF-8 BOM and
 * CRLF or LF line ends are accepted.
 */
import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';

/** A single record longer than this is a broken file (say, an unclosed quote), not data. */
export const MAX_RECORD_BYTES = 64 * 1024;

export interface CsvRecord {
  readonly row: number;
  readonly cells: readonly string[];
}

/** The file is not readable as CSV from `row` on (unclosed quote, runaway record). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

export async function* readCsvRecords(source: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<CsvRecord> {
  // With skip_records_with_error the parser reports a broken record as 'skip' instead of
  // destroying itself, so the good records parsed before it in the same chunk still arrive.
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: MAX_RECORD_BYTES, skip_records_with_error: true });
  let broken: { readonly afterRecords: number; readonly message: string } | undefined;
  parser.on('skip', (error: CsvError & { records?: number }) => {
    broken ??= { afterRecords: error.records ?? 0, message: error.message };
  });
  const input = source as Readable;
  // Errors of the source (a client aborting the upload) must reach the consumer, not vanish.
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      // Whatever follows a broken record is not trustworthy (its quotes are out of step).
      if (broken && row >= broken.afterRecords) break;
      row++;
      if (!isBlank(cells)) yield { row, cells };
    }
  } finally {
    input.unpipe(parser);
    parser.destroy();
  }
  if (broken) throw new CsvSyntaxError(broken.afterRecords + 1, `The CSV cannot be read from row ${broken.afterRecords + 1} on: ${broken.message}.`);
}
