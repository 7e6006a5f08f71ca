/**
 * Restores a backup (backup-format.ts) into PGlite or PostgreSQL, whichever made it.
 *
 * Invariants: the file is read and checked in full before anything is written; a database holding
 * data is replaced only with `force`; all rows go in inside ONE transaction (truncate, insert
 * parents before children, link self references, set the identity sequences), so a failure at any row leaves the
 * target exactly as it was. Schema: migrations create it, never the file. The target is brought
 * to the backup's migration, loaded, then migrated to this version's latest, as an upgrade would.
 */
import { sql, type Kysely } from 'kysely';
import { migrate } from '../db/migrate.ts';
import { migrations as codeMigrations } from '../db/migrations/index.ts';
import type { BackupHeader, BackupSequence, BackupTable } from './backup-format.ts';
import { BackupFileError, readBackupLines, validateBackup } from './backup-reader.ts';
import { appliedMigrations, readCatalog, type CatalogTable } from './table-catalog.ts';

export const RestoreError = {
  badFile: 'bad-file',
  notEmpty: 'not-empty',
  newerBackup: 'newer-backup',
  schemaMismatch: 'schema-mismatch',
} as const;
export type RestoreError = (typeof RestoreError)[keyof typeof RestoreError];

export interface RestoreSummary {
  readonly source: BackupHeader['source'];
  readonly createdAt: string;
  readonly rows: Readonly<Record<string, number>>;
  readonly migratedAfterLoad: readonly string[];
  readonly milliseconds: number;
}

export type RestoreOutcome = { readonly ok: true; readonly summary: RestoreSummary } | { readonly ok: false; readonly error: RestoreError; readonly message: string };

/** Rows a fresh database already has (migration defaults, the generated cookie secret, the scheduler's lease): restoring over them needs no `force`. */
const FRESH_DATABASE_TABLES = new Set(['settings', 'reminder_templates', 'cadences', 'collection_leases']);

const BATCH_ROWS = 1000;
const BATCH_CHARS = 4 * 1024 * 1024;

/** Whether `prefix` holds exactly the first migrations of `of` (as sets: the order applied may differ from the order listed). */
const isPrefix = (prefix: readonly string[], of: readonly string[]) => {
  const head = new Set(of.slice(0, prefix.length));
  return prefix.length <= of.length && prefix.every((name) => head.has(name));
};

async function rowCounts(db: Kysely<any>, tables: readonly CatalogTable[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const row = (await sql<{ n: number }>`select count(*)::int as n from ${sql.id(table.name)}`.execute(db)).rows[0];
    if (row && row.n > 0) counts.set(table.name, row.n);
  }
  return counts;
}

/** One INSERT for a batch of row lines; `deferred` (a self reference) is inserted as null and linked later. */
async function insertRows(trx: Kysely<any>, table: BackupTable, rows: readonly string[], deferred?: string): Promise<void> {
  if (rows.length === 0) return;
  const name = sql.id(table.name);
  const columns = sql.join(table.columns.map((column) => sql.id(column)));
  const values = sql.join(table.columns.map((column) => (column === deferred ? sql`null` : sql.id(column))));
  await sql`insert into ${name} (${columns}) overriding system value select ${values} from json_populate_recordset(null::${name}, ${'[' + rows.join(',') + ']'}::json)`.execute(trx);
}

/**
 * Sets a self reference (a reversal's `reverses_id`) once every row of its table is in, so rows
 * load in key order whatever points where. Only rows that have one are kept until then.
 */
async function linkSelfReferences(trx: Kysely<any>, table: CatalogTable, rows: readonly string[]): Promise<void> {
  const reference = table.selfReference!;
  const name = sql.id(table.name);
  const key = sql.join(table.primaryKey.map((column) => sql.ref(`t.${column}`)));
  const sourceKey = sql.join(table.primaryKey.map((column) => sql.ref(`s.${column}`)));
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = '[' + rows.slice(start, start + BATCH_ROWS).join(',') + ']';
    await sql`update ${name} t set ${sql.id(reference.column)} = s.${sql.id(reference.column)} from json_populate_recordset(null::${name}, ${batch}::json) s where (${key}) = (${sourceKey})`.execute(trx);
  }
}

async function setSequences(trx: Kysely<any>, sequences: readonly BackupSequence[]): Promise<void> {
  for (const sequence of sequences) {
    const column = sql.id(sequence.column);
    const recorded = BigInt(sequence.lastValue) - (sequence.isCalled ? 0n : 1n);
    // Never behind the restored rows, never ahead of the source: the next id is the one the source would have given.
    const used = sql`greatest(${String(recorded)}::bigint, coalesce(max(${column}), 0))`;
    await sql`select setval(pg_get_serial_sequence(${sequence.table}, ${sequence.column}), greatest(${used}, 1), ${used} >= 1) from ${sql.id(sequence.table)}`.execute(trx);
  }
}

async function load(trx: Kysely<any>, file: string, header: BackupHeader, target: readonly CatalogTable[]): Promise<Record<string, number>> {
  const targetByName = new Map(target.map((table) => [table.name, table]));
  for (const table of header.tables) {
    const present = targetByName.get(table.name);
    const missing = present ? table.columns.filter((column) => !present.columns.includes(column)) : ['(the table)'];
    if (missing.length > 0) throw new BackupFileError(file, `table ${table.name} does not match this database's schema (missing ${missing.join(', ')})`);
  }
  if (target.length > 0) await sql`truncate table ${sql.join(target.map((table) => sql.id(table.name)))}`.execute(trx);

  const rows: Record<string, number> = {};
  let table: BackupTable | undefined;
  let batch: string[] = [];
  let batchChars = 0;
  let linksPending: string[] = [];
  const flush = async () => {
    if (!table) return;
    const catalogTable = targetByName.get(table.name)!;
    const deferred = catalogTable.selfReference && catalogTable.primaryKey.length > 0 ? catalogTable.selfReference.column : undefined;
    if (deferred) linksPending.push(...batch.filter((json) => (JSON.parse(json) as Record<string, unknown>)[deferred] != null));
    await insertRows(trx, table, batch, deferred);
    rows[table.name] = (rows[table.name] ?? 0) + batch.length;
    batch = [];
    batchChars = 0;
  };
  const finishTable = async () => {
    await flush();
    if (table && linksPending.length > 0) await linkSelfReferences(trx, targetByName.get(table.name)!, linksPending);
    linksPending = [];
  };
  for await (const line of readBackupLines(file)) {
    switch (line.kind) {
      case 'table':
        await finishTable();
        table = header.tables.find((candidate) => candidate.name === line.name);
        rows[line.name] = 0;
        break;
      case 'row':
        batch.push(line.json);
        batchChars += line.json.length;
        if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush();
        break;
      case 'sequences':
        await finishTable();
        table = undefined;
        await setSequences(trx, line.sequences);
        break;
      case 'end':
        // The file was checked before; this catches it changing between the check and the load.
        if (line.trailer.sha256 !== line.computedSha256) throw new BackupFileError(file, 'the file changed while it was being restored');
        break;
      case 'header':
        break;
    }
  }
  return rows;
}

/** Restores `file` into `db`. Expected failures come back as values; nothing is changed when they do. */
export async function restoreBackup(db: Kysely<any>, file: string, options: { force: boolean }): Promise<RestoreOutcome> {
  const started = Date.now();
  let header: BackupHeader;
  try {
    header = (await validateBackup(file)).header;
  } catch (error) {
    if (error instanceof BackupFileError) return { ok: false, error: RestoreError.badFile, message: error.message };
    throw error;
  }

  const known = codeMigrations.map((migration) => migration.name);
  if (!isPrefix(header.migrations, known)) {
    const unknown = header.migrations.filter((name) => !known.includes(name));
    return { ok: false, error: RestoreError.newerBackup, message: `The backup was made by a newer Cashlens (migrations ${unknown.join(', ') || header.migrations.join(', ')} are unknown here). Restore it with that version or later.` };
  }
  const applied = await appliedMigrations(db);
  if (!isPrefix(applied, header.migrations)) {
    return {
      ok: false,
      error: RestoreError.schemaMismatch,
      message: `The database is at migration ${applied.at(-1)}, newer than the backup's ${header.migrations.at(-1) ?? '(none)'}. Restore into a new, empty database (another DATA_DIR, or a new PostgreSQL database): it is migrated to the backup's version, loaded and then upgraded.`,
    };
  }

  const holding = [...(await rowCounts(db, await readCatalog(db)))].filter(([name]) => !FRESH_DATABASE_TABLES.has(name));
  if (holding.length > 0 && !options.force) {
    const listed = holding.map(([name, count]) => `${name} ${count}`).join(', ');
    return { ok: false, error: RestoreError.notEmpty, message: `The database already holds data (${listed}). Restoring would replace all of it: pass --force to do that.` };
  }

  await migrate(db, codeMigrations.slice(0, header.migrations.length));
  let rows: Record<string, number>;
  try {
    rows = await db.transaction().execute(async (trx) => load(trx, file, header, await readCatalog(trx)));
  } catch (error) {
    if (error instanceof BackupFileError) return { ok: false, error: RestoreError.badFile, message: error.message };
    throw error;
  }
  const migratedAfterLoad = await migrate(db);
  return { ok: true, summary: { source: header.source, createdAt: header.createdAt, rows, migratedAfterLoad, milliseconds: Date.now() - started } };
}
