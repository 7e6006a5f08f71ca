/**
 * `npm run import -- file.csv`: imports invoices from a CSV into the configured database
 * (DATABASE_URL, else PGlite in DATA_DIR), through the same app and ledger commands as the
 * HTTP route, as the system actor "import-cli". Progress goes to stderr, the summary to stdout.
 * Exit codes: 0 all rows imported or skipped, 2 some rows rejected, 1 the file or the database
 * could not be used (a server holding the same PGlite DATA_DIR makes this fail with a clear message).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../app.ts';
import { configFromEnv } from '../config.ts';
import { runInvoiceImportJob, type ImportJobOutcome } from '../imports/import-runner.ts';
import type { ImportCounts } from '../imports/import-tally.ts';
import { IMPORT_MAX_BYTES } from '../routes/imports.ts';

const file = process.argv[2];
if (!file || file === '--help' || file === '-h') {
  console.error('Usage: npm run import -- <invoices.csv>\nColumns: customer_ref, customer_name, invoice_number, issue_date, due_date, amount, currency, paid_date, disputed (any order; see DESIGN §5).');
  process.exit(file ? 0 : 64);
}

function describe(counts: ImportCounts): string {
  return `${counts.rowsRead} rows read: ${counts.imported} imported, ${counts.skipped} skipped (already there), ${counts.rejectedCount} rejected, ${counts.customersCreated} customers created`;
}

function printRejections(counts: ImportCounts): void {
  for (const error of counts.rejected) console.log(`  row ${error.row}, ${error.column}: ${error.message}`);
  if (counts.rejectedCount > 0 && counts.rejected.length < counts.rejectedCount) console.log(`  (only the first ${counts.rejected.length} errors are listed)`);
}

function report(outcome: ImportJobOutcome): number {
  switch (outcome.kind) {
    case 'done':
      console.log(`Import ${outcome.id} done. ${describe(outcome.counts)}.`);
      printRejections(outcome.counts);
      return outcome.counts.rejectedCount > 0 ? 2 : 0;
    case 'bad-header':
      console.log(`Import ${outcome.id} failed: the header row is not usable; nothing was imported.`);
      for (const error of outcome.errors) console.log(`  row ${error.row}, ${error.column}: ${error.message}`);
      return 1;
    case 'too-large':
      console.log(`Import ${outcome.id} stopped: the file is over ${outcome.limit} bytes. ${describe(outcome.counts)}.`);
      return 1;
    case 'unreadable':
      console.log(`Import ${outcome.id} stopped: ${outcome.error.message} ${describe(outcome.counts)}.`);
      printRejections(outcome.counts);
      return 1;
  }
}

async function main(): Promise<number> {
  const filePath = path.resolve(file!);
  let size: number;
  try {
    size = fs.statSync(filePath).size;
  } catch {
    console.error(`Cannot read ${filePath}.`);
    return 1;
  }
  const env = configFromEnv();
  // The server's configuration, minus what only a server start should do: no demo seeding into the
  // database being imported into, and quiet logs so progress stays readable.
  const config = { ...env, seedDemo: false, logLevel: process.env.LOG_LEVEL ?? 'warn' };
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp(config);
  } catch (error) {
    console.error(`Cannot open the database: ${(error as Error).message}`);
    return 1;
  }
  try {
    const started = Date.now();
    const outcome = await runInvoiceImportJob(
      { db: app.db, ledger: app.ledger, now: config.now },
      {
        source: fs.createReadStream(filePath, { highWaterMark: 256 * 1024 }),
        sourceName: path.basename(filePath),
        ctx: { actor: { kind: 'system', name: 'import-cli' }, requestId: `cli-${randomUUID()}` },
        totalBytes: size,
        maxBytes: IMPORT_MAX_BYTES,
        onProgress: (counts, bytesRead) => {
          const seconds = (Date.now() - started) / 1000;
          const percent = size > 0 ? Math.min(100, Math.round((bytesRead / size) * 100)) : 100;
          process.stderr.write(`${percent}% · ${describe(counts)} · ${Math.round(counts.rowsRead / Math.max(seconds, 0.001))} rows/s\n`);
        },
      },
    );
    return report(outcome);
  } finally {
    await app.close();
  }
}

process.exitCode = await main();
