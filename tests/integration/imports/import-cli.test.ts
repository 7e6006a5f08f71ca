/** `npm run import -- file.csv` as a real child process on a PGlite DATA_DIR of its own. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { defaultConfig } from '../../../server/config.ts';
import { openPglite } from '../../../server/db/database.ts';
import { createTestDatabase } from '../../support/test-database.ts';
import { createUser } from '../../../server/auth/users.ts';
import type { FastifyInstance } from 'fastify';
import { addCustomers, HEADER } from './import-fixtures.ts';

async function loginAsNewFinance(app: FastifyInstance): Promise<string> {
  await createUser(app.db, { email: 'cli-finance@test.cashlens', name: 'CLI finance', role: 'finance', password: 'correct horse battery' });
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'cli-finance@test.cashlens', password: 'correct horse battery' } });
  const cookie = response.cookies.find((c) => c.name === 'cashlens_session')!;
  return `${cookie.name}=${cookie.value}`;
}

const root = path.resolve(import.meta.dirname, '../../..');

function runCli(dataDir: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(root, 'server/cli/import.ts'), file], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run import (CLI) on a PGlite DATA_DIR', () => {
  let created: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let file: string;

  beforeAll(async () => {
    created = await createTestDatabase('pglite');
    dataDir = created.dataDir!;
    const database = await openPglite(dataDir);
    const app = await buildApp(defaultConfig({ dataDir, seedDemo: false, logLevel: 'silent' }), { database });
    const cookie = await loginAsNewFinance(app);
    await addCustomers(app, cookie, ['K-1'], 'EUR');
    await app.close();
    await database.close();
    file = path.join(dataDir, 'invoices.csv');
    fs.writeFileSync(file, `${HEADER}\nK-1,,CLI-1,2026-03-01,2026-03-31,10.00,EUR,,\nK-1,,CLI-2,2026-03-02,2026-04-01,20.00,EUR,2026-03-20,yes\nK-1,,CLI-3,2026-03-02,2026-04-01,,EUR,,\n`);
  });
  afterAll(() => created.drop());

  it('imports, prints progress and a summary, and is idempotent when run again', async () => {
    const first = await runCli(dataDir, file);
    expect(first.stdout).toContain('3 rows read: 2 imported, 0 skipped (already there), 1 rejected');
    expect(first.stdout).toContain('row 4, amount: amount is empty');
    expect(first.stderr).toMatch(/100% · 3 rows read/);
    expect(first.code).toBe(2);

    const second = await runCli(dataDir, file);
    expect(second.stdout).toContain('3 rows read: 0 imported, 2 skipped (already there), 1 rejected');

    const app = await buildApp(defaultConfig({ dataDir, seedDemo: false, logLevel: 'silent' }));
    try {
      expect(await app.ledger.findInvoice('CLI-1')).toMatchObject({ amount: 1000, currency: 'EUR', status: 'open' });
      expect(await app.ledger.findInvoice('CLI-2')).toMatchObject({ amount: 2000, openAmount: 0, status: 'paid', openDisputeId: null });
      const jobs = await app.db.selectFrom('import_jobs').select(['source', 'status', 'imported', 'skipped', 'created_by']).orderBy('started_at').execute();
      expect(jobs).toEqual([
        { source: 'invoices.csv', status: 'done', imported: 2, skipped: 0, created_by: 'system:import-cli' },
        { source: 'invoices.csv', status: 'done', imported: 0, skipped: 2, created_by: 'system:import-cli' },
      ]);

      // While a server holds the DATA_DIR, the CLI refuses with the lock's clear message.
      const locked = await runCli(dataDir, file);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('already in use by another Cashlens process');
    } finally {
      await app.close();
    }
  }, 240_000);

  it('explains a missing file and usage', async () => {
    const missing = await runCli(dataDir, path.join(dataDir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
  }, 120_000);
});
