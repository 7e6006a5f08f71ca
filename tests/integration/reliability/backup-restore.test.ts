/**
 * Backup and restore (issue 9) on each engine: a company with customers, invoices, payments, a
 * dispute flagged from a session and persisted Yjs documents is backed up, restored into an empty
 * database of the OTHER engine (when PostgreSQL is under test), and must read back the same trial
 * balance, journal and documents byte for byte. Damaged files and non-empty targets are refused
 * with nothing changed; the CLIs run as real child processes.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildApp } from '../../../server/app.ts';
import { defaultConfig } from '../../../server/config.ts';
import { loadDocument } from '../../../server/sync/doc-store.ts';
import { RestoreError, restoreBackup } from '../../../server/backup/restore-backup.ts';
import { validateBackup } from '../../../server/backup/backup-reader.ts';
import { writeBackup } from '../../../server/backup/write-backup.ts';
import { flagDispute, sessionMaps } from '../../../shared/doc/index.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices, join, listen, sessionWithLinks, waitFor } from '../sync/sync-fixtures.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const kinds = databaseKinds();
const system = { actor: { kind: 'system', name: 'backup-test' }, requestId: 'backup-test' } as const;

function runCli(script: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(root, `server/cli/${script}.ts`), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** What must survive a round trip: the ledger as the API shows it and the stored session documents. */
async function snapshot(app: FastifyInstance, cookie: string, sessionId: string) {
  const trialBalance = await app.inject({ method: 'GET', url: '/api/v1/ledger/trial-balance', headers: { cookie } });
  const journal = await app.inject({ method: 'GET', url: '/api/v1/ledger/entries?limit=5000', headers: { cookie } });
  expect(trialBalance.statusCode).toBe(200);
  expect(journal.statusCode).toBe(200);
  const documents: Record<string, { parts: string[]; maps: unknown }> = {};
  for (const name of ['team', 'shared'] as const) {
    const stored = await loadDocument(app.db, sessionId, name);
    const doc = new Y.Doc();
    for (const part of stored.parts) Y.applyUpdate(doc, part);
    const maps = Object.fromEntries(Object.entries(sessionMaps(doc)).map(([key, map]) => [key, (map as Y.Map<unknown>).toJSON()]));
    documents[name] = { parts: stored.parts.map((part) => Buffer.from(part).toString('base64')), maps };
  }
  return { trialBalance: trialBalance.json(), journal: journal.json() as unknown[], documents };
}

describe.each(kinds)('backup and restore from %s', (kind) => {
  const otherKind = kinds.find((candidate) => candidate !== kind) ?? kind;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-backup-'));
  const file = path.join(dir, 'company.jsonl.gz');
  let source: TestApp;
  let finance: { cookie: string; email: string };
  let customerRef: string;
  let sessionId: string;
  let httpBase: string;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    source = await startTestApp(kind);
    const ws = await listen(source.app);
    httpBase = ws.replace(/^ws/, 'http');
    finance = await source.loginAs('finance');
    const sales = await source.loginAs('sales');
    const customer = await customerWithInvoices(source, { salesOwnerId: sales.userId, invoices: 3 });
    customerRef = customer.ref;
    const paid = await source.app.ledger.receivePayment(system, { customerRef, date: '2026-10-20', amount: 200_00, currency: 'USD', reference: 'wire 1' });
    expect(paid.ok).toBe(true);
    // A reversal points at the transaction it reverses (a self reference the restore must link).
    const mistaken = await source.app.ledger.receivePayment(system, { customerRef, date: '2026-10-22', amount: 7_00, currency: 'USD', reference: 'keyed twice' });
    if (!mistaken.ok) throw new Error(mistaken.error.message);
    const { transaction_id } = await source.app.db.selectFrom('payments').select('transaction_id').where('id', '=', mistaken.value.id).executeTakeFirstOrThrow();
    const reversed = await source.app.ledger.reverse(system, { transactionId: transaction_id, date: '2026-10-23' });
    expect(reversed).toMatchObject({ ok: true });

    // The dispute goes through a live session, so both documents hold real Yjs history.
    ({ sessionId } = await sessionWithLinks(source, sales.cookie, customerRef));
    const phone = join(ws, sessionId, 'shared', { cookie: sales.cookie });
    const team = join(ws, sessionId, 'team', { cookie: finance.cookie });
    await Promise.all([phone.synced, team.synced]);
    const invoice = customer.invoiceNumbers[1]!;
    expect(flagDispute(phone.doc, { invoiceNumber: invoice, reason: 'quantity', note: 'Two pumps, not three', flaggedBy: 'Sales rep' }).ok).toBe(true);
    sessionMaps(team.doc).placements.set('invoice:' + invoice, { position: [0.1, 0, -0.2], quaternion: [0, 0, 0, 1], by: 'finance' });
    await waitFor(() => sessionMaps(phone.doc).disputes.get(invoice)?.status === 'open', 5000, 'dispute opened in the ledger');
    phone.destroy();
    team.destroy();
    // Documents persist shortly after the last client leaves; wait until the stored ones show both edits.
    for (let attempt = 0; ; attempt++) {
      before = await snapshot(source.app, finance.cookie, sessionId);
      const shared = before.documents.shared!.maps as { disputes: Record<string, { status: string }> };
      const placed = before.documents.team!.maps as { placements: Record<string, unknown> };
      if (shared.disputes[invoice]?.status === 'open' && placed.placements['invoice:' + invoice]) break;
      if (attempt > 100) throw new Error('session documents were not persisted');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(before.trialBalance.balanced).toBe(true);
    expect(before.journal.length).toBeGreaterThan(6);

    const summary = await writeBackup(source.app.db, kind, file);
    expect(summary.rows.sync_updates! + summary.rows.sync_snapshots!).toBeGreaterThan(0);
    expect(summary.rows.disputes).toBe(1);
    // It holds the session secret and webhook secrets: readable by its owner only.
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  afterAll(async () => {
    await source?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`restores into an empty ${otherKind} database with the same trial balance, journal and Yjs documents`, async () => {
    const target: TestDatabase = await openTestDatabase(otherKind);
    const outcome = await restoreBackup(target.db, file, { force: false });
    expect(outcome).toMatchObject({ ok: true });
    const app = await buildApp(defaultConfig({ seedDemo: false, logLevel: 'silent', ...(target.location.dataDir ? { dataDir: target.location.dataDir } : {}) }), { database: target });
    try {
      // The restored users log in with their own passwords: the whole company came across.
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: finance.email, password: TEST_PASSWORD } });
      expect(login.statusCode).toBe(200);
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const after = await snapshot(app, cookie, sessionId);
      expect(after.trialBalance).toEqual(before.trialBalance);
      expect(after.journal).toEqual(before.journal);
      expect(after.documents).toEqual(before.documents);
      const reversals = await app.db.selectFrom('journal_transactions').select('reverses_id').where('reverses_id', 'is not', null).execute();
      expect(reversals).toHaveLength(1);
      // Sequences continue after the restored rows: a new posting neither collides nor reuses an id.
      const paid = await app.ledger.receivePayment(system, { customerRef, date: '2026-10-21', amount: 10_00, currency: 'USD' });
      expect(paid.ok).toBe(true);
    } finally {
      await app.close();
      await target.destroy();
    }
  });

  it('refuses a truncated or edited file with a clear error and changes nothing', async () => {
    const whole = fs.readFileSync(file);
    const truncated = path.join(dir, 'truncated.jsonl.gz');
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    // Valid gzip, one amount changed: only the checksum can tell.
    const edited = path.join(dir, 'edited.jsonl.gz');
    fs.writeFileSync(edited, zlib.gzipSync(zlib.gunzipSync(whole).toString('utf8').replace(/"amount":20000\b/, '"amount":20001')));
    expect(zlib.gunzipSync(fs.readFileSync(edited)).equals(zlib.gunzipSync(whole))).toBe(false);

    for (const [damaged, message] of [
      [truncated, /truncated/],
      [edited, /checksum does not match/],
      [path.join(dir, 'missing.jsonl.gz'), /does not exist/],
    ] as const) {
      const outcome = await restoreBackup(source.app.db, damaged, { force: true });
      expect(outcome).toMatchObject({ ok: false, error: RestoreError.badFile, message: expect.stringMatching(message) });
    }
    expect(await snapshot(source.app, finance.cookie, sessionId)).toEqual(before);
  });

  it('replaces a database holding data only with force, back to the backup exactly', async () => {
    const extra = await source.app.ledger.receivePayment(system, { customerRef, date: '2026-10-25', amount: 33_00, currency: 'USD' });
    expect(extra.ok).toBe(true);
    const changed = await snapshot(source.app, finance.cookie, sessionId);
    expect(changed.journal.length).toBeGreaterThan(before.journal.length);

    const refused = await restoreBackup(source.app.db, file, { force: false });
    expect(refused).toMatchObject({ ok: false, error: RestoreError.notEmpty, message: expect.stringMatching(/already holds data .*--force/) });
    expect(await snapshot(source.app, finance.cookie, sessionId)).toEqual(changed);

    const forced = await restoreBackup(source.app.db, file, { force: true });
    expect(forced).toMatchObject({ ok: true });
    expect(await snapshot(source.app, finance.cookie, sessionId)).toEqual(before);
  });

  it('the CLIs: backup and restore as child processes, with clear refusals', async () => {
    if (kind === 'pglite') {
      // The test process holds this PGlite directory, as a running server would: the direct backup refuses, writes
      // nothing and points to the server route, which the CLI then uses as an admin.
      const cliFile = path.join(dir, 'cli.jsonl.gz');
      const held = await runCli('backup', [cliFile], { DATA_DIR: source.database.location.dataDir! });
      expect(held.code).toBe(1);
      expect(held.stderr).toMatch(/already in use by another Cashlens process[\s\S]*--server/);
      expect(fs.existsSync(cliFile)).toBe(false);

      const forbidden = await source.app.inject({ method: 'POST', url: '/api/v1/admin/backup', headers: { cookie: finance.cookie } });
      expect(forbidden.statusCode).toBe(403);
      const admin = await source.loginAs('admin');
      const viaServer = await runCli('backup', ['--server', httpBase, cliFile], { DATA_DIR: source.database.location.dataDir!, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: TEST_PASSWORD });
      expect(viaServer.stdout).toMatch(/Backup from http.* written to .*cli\.jsonl\.gz/);
      expect(viaServer.code).toBe(0);
      const [viaCli, original] = [(await validateBackup(cliFile)).trailer.rows, (await validateBackup(file)).trailer.rows];
      for (const table of ['customers', 'invoices', 'payments', 'disputes', 'journal_entries', 'sync_updates', 'sync_snapshots']) expect(viaCli[table], table).toBe(original[table]);
      return;
    }
    const env = { DATABASE_URL: source.database.location.databaseUrl! };
    const cliFile = path.join(dir, 'cli.jsonl.gz');
    const backedUp = await runCli('backup', [cliFile], env);
    expect(backedUp.stdout).toMatch(/Backup of postgres written to .*cli\.jsonl\.gz/);
    expect(backedUp.code).toBe(0);
    // The source was restored from `file` by the test before: the ledger and documents match it row for row.
    const [viaCli, original] = [(await validateBackup(cliFile)).trailer.rows, (await validateBackup(file)).trailer.rows];
    for (const table of ['customers', 'invoices', 'payments', 'disputes', 'journal_entries', 'journal_transactions', 'sync_updates', 'sync_snapshots']) expect(viaCli[table], table).toBe(original[table]);

    const refused = await runCli('restore', [cliFile], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Restore refused, nothing changed: .*pass --force/);
  });
});
