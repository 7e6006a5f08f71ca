/**
 * Crash safety (tests/support/crash-harness.ts): the real server as a child process, killed with
 * SIGKILL at a random moment of a burst of payments, a CSV import and live Yjs edits, three times
 * per database; after each restart nothing acknowledged is lost, nothing is posted twice, and no
 * transaction is half-written. CRASH_SEED=<n> replays the kill moments of a printed run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrashRun, type CycleReport } from '../../support/crash-harness.ts';
import { bundleServer } from '../../support/crash-server.ts';
import { createTestDatabase, databaseKinds } from '../../support/test-database.ts';

const CYCLES = 3;

let bundle: Awaited<ReturnType<typeof bundleServer>>;
beforeAll(async () => {
  bundle = await bundleServer();
});
afterAll(() => bundle?.remove());

describe.each(databaseKinds())('crash safety on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let run: CrashRun | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // PGlite lives in DATA_DIR; beside PostgreSQL the server still wants a folder for uploads.
    dataDir = database.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-crash-'));
  });
  afterAll(async () => {
    await run?.abort();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged payment, import batch and Yjs update through ${CYCLES} SIGKILLs`, async () => {
    const seed = Number(process.env.CRASH_SEED) || Math.floor(Math.random() * 2 ** 31);
    const log = (line: string) => console.log(`[crash ${kind} seed ${seed}] ${line}`);
    run = await CrashRun.begin({
      entry: bundle.entry,
      target: { dataDir, ...(database.databaseUrl ? { databaseUrl: database.databaseUrl } : {}) },
      seed,
      killAfterMs: [1400, 2800],
      persistWindowMs: 500,
      paymentWorkers: 3,
      // One full batch of 2,000 and a short one: a kill can land between them.
      importRows: 2400,
      // PGlite's one connection is held by each 2,000-row import batch, so sync writes wait behind
      // it (seconds on a busy machine): there the edits get 1.2 s before the import begins.
      importDelayMs: kind === 'pglite' ? 1200 : 0,
      importStallsSync: kind === 'pglite',
      resendAcked: 10,
      log,
    });
    const reports: CycleReport[] = [];
    for (let n = 1; n <= CYCLES; n++) reports.push(await run.cycle(n));
    const end = await run.finish();
    run = undefined;
    const total = (pick: (report: CycleReport) => number) => reports.reduce((sum, report) => sum + pick(report), 0);
    log(`${reports.length} cycles survived; payments ${total((r) => r.paymentsAcked)} acked, ${total((r) => r.paymentsVerified)} verified; Yjs updates ${end.updatesVerified} verified at the end`);

    expect([...reports.flatMap((report) => report.problems), ...end.problems]).toEqual([]);
    // The burst really happened: payments were acknowledged and edits were old enough to count.
    expect(total((r) => r.paymentsAcked)).toBeGreaterThan(0);
    expect(total((r) => r.paymentsVerified)).toBe(total((r) => r.paymentsAcked));
    expect(end.updatesVerified).toBe(total((r) => r.updatesDue));
    expect(end.updatesVerified).toBeGreaterThan(0);
  }, 150_000);
});
