/**
 * Writes a backup of every table in one read-only REPEATABLE READ transaction: on PostgreSQL the
 * whole file is one snapshot (a payment committed mid-backup is either wholly in it or not at
 * all, so the trial balance of a restore always balances); on PGlite the transaction also holds
 * the single connection, so nothing else writes meanwhile. Rows are paged by primary key and
 * streamed through gzip, so memory stays flat however large the ledger. The file appears under
 * its name only when complete (written to `<file>.partial`, then renamed).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../db/database.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, headerLine, sequencesLine, tableLine, trailerLine, type BackupSequence } from './backup-format.ts';
import { appliedMigrations, readCatalog, type CatalogTable } from './table-catalog.ts';

const PAGE_ROWS = 2000;

export interface BackupSummary {
  readonly file: string;
  readonly bytes: number;
  readonly tables: number;
  readonly rows: Readonly<Record<string, number>>;
  readonly milliseconds: number;
}

export const BACKUP_FILE_MODE = 0o600;

/** Makes a finished `.partial` the backup: on disk before it gets its name, and the name on disk too. */
export function commitBackupFile(partial: string, filePath: string): void {
  const file = fs.openSync(partial, 'r');
  try {
    fs.fsyncSync(file);
  } finally {
    fs.closeSync(file);
  }
  fs.renameSync(partial, filePath);
  const dir = fs.openSync(path.dirname(filePath), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

class LineSink {
  private readonly hash = createHash('sha256');
  private readonly gzip = zlib.createGzip({ level: 6 });
  private readonly file: fs.WriteStream;
  private readonly finished: Promise<void>;

  constructor(filePath: string) {
    // Owner-only: a backup holds the session secret, webhook secrets and password hashes.
    this.file = fs.createWriteStream(filePath, { mode: BACKUP_FILE_MODE });
    this.gzip.pipe(this.file);
    this.finished = new Promise((resolve, reject) => {
      this.file.on('finish', resolve);
      this.file.on('error', reject);
      this.gzip.on('error', reject);
    });
    // Until `close` awaits it, a write error is only remembered, never an unhandled rejection.
    this.finished.catch(() => {});
  }

  async write(line: string, hashed = true): Promise<void> {
    const text = line + '\n';
    if (hashed) this.hash.update(text);
    if (!this.gzip.write(text)) await Promise.race([once(this.gzip, 'drain'), this.finished]);
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  async close(): Promise<void> {
    this.gzip.end();
    await this.finished;
  }

  destroy(): void {
    this.gzip.destroy();
    this.file.destroy();
  }
}

/** One page of a table in primary-key order, after the row whose JSON is `after` (keyset paging). */
async function page(trx: Kysely<any>, table: CatalogTable, after: string | null): Promise<string[]> {
  const name = sql.id(table.name);
  if (table.primaryKey.length === 0) {
    // No key to page by (no such table today): one query, in storage order.
    if (after !== null) return [];
    return (await sql<{ line: string }>`select row_to_json(t)::text as line from ${name} t`.execute(trx)).rows.map((row) => row.line);
  }
  const key = sql.join(table.primaryKey.map((column) => sql.ref(`t.${column}`)));
  const keyAfter = sql.join(table.primaryKey.map((column) => sql.ref(`k.${column}`)));
  const where = after === null ? sql`true` : sql`(${key}) > (select ${keyAfter} from json_populate_record(null::${name}, ${after}::json) k)`;
  const result = await sql<{ line: string }>`select row_to_json(t)::text as line from ${name} t where ${where} order by ${key} limit ${PAGE_ROWS}`.execute(trx);
  return result.rows.map((row) => row.line);
}

async function sequences(trx: Kysely<any>, tables: readonly CatalogTable[]): Promise<BackupSequence[]> {
  const found: BackupSequence[] = [];
  for (const table of tables) {
    for (const column of table.identityColumns) {
      const name = (await sql<{ name: string }>`select pg_get_serial_sequence(${table.name}, ${column}) as name`.execute(trx)).rows[0]?.name;
      if (!name) continue;
      const state = (await sql<{ last_value: bigint | string; is_called: boolean }>`select last_value, is_called from ${sql.raw(name)}`.execute(trx)).rows[0]!;
      found.push({ table: table.name, column, lastValue: String(state.last_value), isCalled: state.is_called });
    }
  }
  return found;
}

/** Backs up the whole database to `filePath` (gzip JSON lines, see backup-format.ts). */
export async function writeBackup(db: Kysely<any>, source: DatabaseKind, filePath: string, now: () => Date = () => new Date()): Promise<BackupSummary> {
  const started = Date.now();
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const partial = `${filePath}.partial`;
  const sink = new LineSink(partial);
  try {
    const rows: Record<string, number> = {};
    const tables = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        await sql`set local timezone = 'UTC'`.execute(trx);
        const catalog = await readCatalog(trx);
        const migrations = await appliedMigrations(trx);
        await sink.write(headerLine({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now().toISOString(), source, migrations, tables: catalog.map(({ name, columns }) => ({ name, columns })) }));
        for (const table of catalog) {
          await sink.write(tableLine(table.name));
          rows[table.name] = 0;
          let count = 0;
          for (let after: string | null = null; ; ) {
            const lines = await page(trx, table, after);
            for (const line of lines) await sink.write(line);
            count += lines.length;
            rows[table.name] = count;
            if (lines.length < PAGE_ROWS) break;
            after = lines.at(-1)!;
          }
        }
        await sink.write(sequencesLine(await sequences(trx, catalog)));
        return catalog.length;
      });
    await sink.write(trailerLine({ rows, sha256: sink.digest() }), false);
    await sink.close();
    commitBackupFile(partial, filePath);
    return { file: filePath, bytes: fs.statSync(filePath).size, tables, rows, milliseconds: Date.now() - started };
  } catch (error) {
    sink.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
