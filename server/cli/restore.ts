/**
 * `npm run restore -- <file> [--force]`: restores a backup made by `npm run backup` (on PGlite
 * or PostgreSQL) into the configured database, in one transaction. Refuses a database that
 * already holds data unless --force (which replaces ALL of it), and a damaged or truncated file
 * (nothing is changed). Stop the servers using the database first: they cache documents and
 * settings in memory (and on PGlite hold DATA_DIR, so this refuses while one runs).
 * Exit codes: 0 restored, 1 the file or database could not be used, 2 refused (not empty, schema).
 */
import path from 'node:path';
import { configFromEnv } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { RestoreError, restoreBackup } from '../backup/restore-backup.ts';

const args = process.argv.slice(2);
const force = args.includes('--force');
const files = args.filter((arg) => arg !== '--force');
if (files.length !== 1 || files[0] === '--help' || files[0] === '-h') {
  console.error('Usage: npm run restore -- <backup file> [--force]\n--force replaces everything the database holds.');
  process.exit(files[0] === '--help' || files[0] === '-h' ? 0 : 64);
}

async function main(): Promise<number> {
  const config = configFromEnv();
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config);
  } catch (error) {
    console.error(`Cannot open the database: ${(error as Error).message}`);
    return 1;
  }
  try {
    const outcome = await restoreBackup(database.db, path.resolve(files[0]!), { force });
    if (!outcome.ok) {
      console.error(`Restore refused, nothing changed: ${outcome.message}`);
      return outcome.error === RestoreError.badFile ? 1 : 2;
    }
    const { summary } = outcome;
    const total = Object.values(summary.rows).reduce((sum, n) => sum + n, 0);
    console.log(`Restored ${total} rows in ${Object.keys(summary.rows).length} tables into ${database.kind} from a ${summary.source} backup of ${summary.createdAt} in ${summary.milliseconds} ms.`);
    if (summary.migratedAfterLoad.length > 0) console.log(`Then upgraded with ${summary.migratedAfterLoad.join(', ')}.`);
    return 0;
  } catch (error) {
    console.error(`Restore failed, nothing changed: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
