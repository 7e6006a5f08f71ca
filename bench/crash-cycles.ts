/**
 * The long crash-safety run (tests/support/crash-harness.ts): CYCLES SIGKILLs (default 20) per
 * database while payments, a CSV import and Yjs edits are in flight, each followed by a restart
 * and the full set of checks. Prints cycles survived, payments acknowledged/verified, Yjs updates
 * verified, and restart time after a kill against the first start measured in the same run.
 * Env: CYCLES, KINDS=pglite,postgres, IMPORT_ROWS (5000), IMPORT_DELAY_MS (800), WINDOW_MS (500),
 * KILL_MS=min,max (1200,2600), STRICT_SYNC=1 (PGlite: no allowance for import stalls), CRASH_SEED,
 * TEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres).
 * Run: npx tsx bench/crash-cycles.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { CrashRun, type CycleReport } from '../tests/support/crash-harness.ts';
import { bundleServer, type ServerTarget } from '../tests/support/crash-server.ts';

const cycles = Number(process.env.CYCLES ?? 20);
const kinds = (process.env.KINDS ?? 'pglite,postgres').split(',');
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const [killMin, killMax] = (process.env.KILL_MS ?? '1200,2600').split(',').map(Number) as [number, number];
const seed = Number(process.env.CRASH_SEED) || Math.floor(Math.random() * 2 ** 31);

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** An empty target the server migrates on its first start (PostgreSQL: `cashlens_crash_<pid>`). */
async function freshTarget(kind: string): Promise<{ target: ServerTarget; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-crash-bench-'));
  const removeDir = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') return { target: { dataDir }, drop: removeDir };
  const name = `cashlens_crash_${process.pid}`;
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { target: { dataDir, databaseUrl: url.toString() }, drop: async () => (await admin(`drop database if exists ${name} with (force)`), await removeDir()) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const bundle = await bundleServer();
let failed = false;
try {
  for (const kind of kinds) {
    const { target, drop } = await freshTarget(kind);
    let run: CrashRun | undefined;
    try {
      run = await CrashRun.begin({
        entry: bundle.entry,
        target,
        seed,
        killAfterMs: [killMin, killMax],
        persistWindowMs: Number(process.env.WINDOW_MS ?? 500),
        paymentWorkers: 3,
        importRows: Number(process.env.IMPORT_ROWS ?? 5000),
        importDelayMs: Number(process.env.IMPORT_DELAY_MS ?? 800),
        // STRICT_SYNC=1 shows what PGlite's single connection does to sync writes during an import.
        importStallsSync: kind === 'pglite' && process.env.STRICT_SYNC !== '1',
        resendAcked: 20,
        log: (line) => console.log(`  [${kind}] ${line}`),
      });
      const firstStart = run.firstStartMs;
      const reports: CycleReport[] = [];
      for (let n = 1; n <= cycles; n++) reports.push(await run.cycle(n));
      const end = await run.finish();
      run = undefined;
      const sum = (pick: (report: CycleReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
      const survived = reports.filter((report) => report.problems.length === 0).length;
      const restart = median(reports.map((report) => report.restartMs));
      console.log(`${kind} (seed ${seed}): ${survived}/${cycles} cycles survived with every check passing`);
      console.log(`  payments: ${sum((r) => r.paymentsAcked)} acknowledged, ${sum((r) => r.paymentsVerified)} verified exactly once; ${sum((r) => r.paymentsUnanswered)} unanswered at the kill, ${sum((r) => r.paymentsResent)} re-sent with their key`);
      console.log(`  Yjs updates: ${sum((r) => r.updatesSent)} sent, ${sum((r) => r.updatesDue)} older than the window at the kill, ${end.updatesVerified} verified at the end`);
      console.log(`  restart after SIGKILL: median ${restart} ms (${(restart / firstStart).toFixed(2)}× the first start, ${firstStart.toFixed(0)} ms incl. migrations)`);
      if (end.problems.length > 0) console.log(`  final checks: ${end.problems.join(' | ')}`);
      if (survived < cycles || end.problems.length > 0) failed = true;
    } finally {
      await run?.abort();
      await drop();
    }
  }
} finally {
  bundle.remove();
}
process.exitCode = failed ? 1 : 0;
