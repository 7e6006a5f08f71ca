/**
 * The Cashlens backup file: gzip-compressed JSON lines, the same on PGlite and PostgreSQL, so a
 * backup of either restores on either.
 *
 *   {"$backup":{format, version, createdAt, source, migrations, tables:[{name, columns}]}}
 *   {"$table":"customers"}            one marker per table, in header order (parents first)
 *   {"id":"…","ref":"…",…}             one line per row: PostgreSQL's row_to_json, values as the
 *                                      database prints them (bigint exact, bytea as \x hex)
 *   {"$sequences":[{table, column, lastValue, isCalled}]}
 *   {"$end":{rows:{customers:12,…}, sha256}}   sha256 of every byte before this line
 *
 * Invariants a reader checks before anything is written: the header comes first, every table
 * appears once and in order, the row counts and the checksum match the trailer, and nothing
 * follows it. A truncated or edited file therefore fails as a whole.
 */
export const BACKUP_FORMAT = 'cashlens-backup';
export const BACKUP_VERSION = 1;
export const BACKUP_EXTENSION = '.jsonl.gz';

export interface BackupTable {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly source: 'pglite' | 'postgres';
  /** Applied migrations of the source, in order: the schema version of the rows. */
  readonly migrations: readonly string[];
  readonly tables: readonly BackupTable[];
}

export interface BackupSequence {
  readonly table: string;
  readonly column: string;
  /** Decimal string: sequences are int8. */
  readonly lastValue: string;
  readonly isCalled: boolean;
}

export interface BackupTrailer {
  readonly rows: Readonly<Record<string, number>>;
  readonly sha256: string;
}

export const headerLine = (header: BackupHeader) => JSON.stringify({ $backup: header });
export const tableLine = (name: string) => JSON.stringify({ $table: name });
export const sequencesLine = (sequences: readonly BackupSequence[]) => JSON.stringify({ $sequences: sequences });
export const trailerLine = (trailer: BackupTrailer) => JSON.stringify({ $end: trailer });

/** Row lines are objects keyed by column name; markers start with a `$` key no column has. */
export const isMarker = (line: string) => line.startsWith('{"$');

/** `cashlens-2026-11-23T19-30-05Z.jsonl.gz`: sortable, and safe on every file system. */
export function defaultBackupName(now: Date): string {
  return `cashlens-${now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}${BACKUP_EXTENSION}`;
}
