/**
 * `npm run backup -- [file]`: writes a backup of the configured database (DATABASE_URL, else
 * PGlite in DATA_DIR) to `file`, by default `backups/cashlens-<UTC timestamp>.jsonl.gz`.
 * The file restores on either engine (`npm run restore`). PGlite is single-process: while a
 * server holds DATA_DIR this refuses with the lock's message (stop the server, back up, start it).
 * Exit codes: 0 written, 1 nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { configFromEnv } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { defaultBackupName } from '../backup/backup-format.ts';
import { appliedMigrations } from '../backup/table-catalog.ts';
import { writeBackup } from '../backup/write-backup.ts';

const argument = process.argv[2];
if (argument === '--help' || argument === '-h') {
  console.error('Usage: npm run backup -- [file]   (default backups/cashlens-<timestamp>.jsonl.gz)');
  process.exit(0);
}

async function main(): Promise<number> {
  const config = configFromEnv();
  const file = path.resolve(argument ?? path.join('backups', defaultBackupName(new Date())));
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pglite'))) {
    console.error(`Nothing to back up: there is no database in ${config.dataDir} (set DATA_DIR or DATABASE_URL).`);
    return 1;
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config);
  } catch (error) {
    console.error(`Cannot open the database: ${(error as Error).message}`);
    return 1;
  }
  try {
    if ((await appliedMigrations(database.db)).length === 0) {
      console.error(`Nothing to back up: the ${database.kind} database${config.databaseUrl ? '' : ` in ${config.dataDir}`} has no Cashlens schema.`);
      return 1;
    }
    const summary = await writeBackup(database.db, database.kind, file);
    const total = Object.values(summary.rows).reduce((sum, n) => sum + n, 0);
    console.log(`Backup of ${database.kind} written to ${summary.file}: ${summary.tables} tables, ${total} rows, ${(summary.bytes / 1024).toFixed(1)} KiB in ${summary.milliseconds} ms.`);
    return 0;
  } catch (error) {
    console.error(`Backup failed, nothing written: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
