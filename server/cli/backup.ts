/**
 * `npm run backup -- [file]`: writes a backup of the configured database (DATABASE_URL, else
 * PGlite in DATA_DIR) to `file`, by default `backups/cashlens-<UTC timestamp>.jsonl.gz`.
 * `npm run backup -- --server http://host:port [file]`: asks a running server for it instead
 * (POST /api/v1/admin/backup as ADMIN_EMAIL / ADMIN_PASSWORD), the way to back up an embedded
 * PGlite without stopping the server that holds DATA_DIR.
 * The file restores on either engine (`npm run restore`). Exit codes: 0 written, 1 nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { configFromEnv } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { defaultBackupName } from '../backup/backup-format.ts';
import { validateBackup } from '../backup/backup-reader.ts';
import { appliedMigrations } from '../backup/table-catalog.ts';
import { BACKUP_FILE_MODE, commitBackupFile, writeBackup } from '../backup/write-backup.ts';

const args = process.argv.slice(2);
const serverIndex = args.indexOf('--server');
const serverUrl = serverIndex >= 0 ? args[serverIndex + 1] : undefined;
const files = args.filter((_, index) => serverIndex < 0 || (index !== serverIndex && index !== serverIndex + 1));
if (files[0] === '--help' || files[0] === '-h' || files.length > 1 || (serverIndex >= 0 && !serverUrl)) {
  console.error('Usage: npm run backup -- [--server http://host:port] [file]   (default backups/cashlens-<timestamp>.jsonl.gz)');
  process.exit(files[0] === '--help' || files[0] === '-h' ? 0 : 64);
}
const file = path.resolve(files[0] ?? path.join('backups', defaultBackupName(new Date())));

const rowTotal = (rows: Readonly<Record<string, number>>) => Object.values(rows).reduce((sum, n) => sum + n, 0);

async function backupThroughServer(base: string): Promise<number> {
  const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = process.env;
  if (!email || !password) {
    console.error('Set ADMIN_EMAIL and ADMIN_PASSWORD (an admin account of that server) to back up through it.');
    return 1;
  }
  const login = await fetch(new URL('/api/v1/auth/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!login.ok) {
    console.error(`Login as ${email} at ${base} failed: ${login.status} ${await login.text()}`);
    return 1;
  }
  const cookie = login.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
  const response = await fetch(new URL('/api/v1/admin/backup', base), { method: 'POST', headers: { cookie } });
  if (!response.ok || !response.body) {
    console.error(`The server refused the backup: ${response.status} ${await response.text()}`);
    return 1;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), fs.createWriteStream(partial, { mode: BACKUP_FILE_MODE }));
    const { trailer } = await validateBackup(partial);
    commitBackupFile(partial, file);
    console.log(`Backup from ${base} written to ${file}: ${Object.keys(trailer.rows).length} tables, ${rowTotal(trailer.rows)} rows, ${(fs.statSync(file).size / 1024).toFixed(1)} KiB.`);
    return 0;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    console.error(`Backup failed, nothing written: ${(error as Error).message}`);
    return 1;
  }
}

async function backupDirectly(): Promise<number> {
  const config = configFromEnv();
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pglite'))) {
    console.error(`Nothing to back up: there is no database in ${config.dataDir} (set DATA_DIR or DATABASE_URL).`);
    return 1;
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config);
  } catch (error) {
    console.error(`Cannot open the database: ${(error as Error).message}`);
    if (error instanceof DataDirLockedError) console.error(`To back up while it runs: ADMIN_EMAIL=… ADMIN_PASSWORD=… npm run backup -- --server http://localhost:${config.port}`);
    return 1;
  }
  try {
    if ((await appliedMigrations(database.db)).length === 0) {
      console.error(`Nothing to back up: the ${database.kind} database${config.databaseUrl ? '' : ` in ${config.dataDir}`} has no Cashlens schema.`);
      return 1;
    }
    const summary = await writeBackup(database.db, database.kind, file);
    console.log(`Backup of ${database.kind} written to ${summary.file}: ${summary.tables} tables, ${rowTotal(summary.rows)} rows, ${(summary.bytes / 1024).toFixed(1)} KiB in ${summary.milliseconds} ms.`);
    return 0;
  } catch (error) {
    console.error(`Backup failed, nothing written: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = serverUrl ? await backupThroughServer(serverUrl) : await backupDirectly();
