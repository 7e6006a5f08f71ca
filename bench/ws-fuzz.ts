/**
 * The sync fuzzer of tests/integration/reliability/ws-fuzz.test.ts, longer: FRAMES seeded fuzz
 * frames (default 50,000) from WORKERS hostile clients against `/sync/:sessionId/shared` of the
 * real app on a fresh PGlite, while 3 honest y-websocket providers keep editing. Printed: frames/s,
 * closes by reason, hostile kinds tolerated, heap after gc (before, document loaded, unloaded),
 * and honest edit latency p50/p99 — against the same honest traffic with no fuzzing, measured
 * first in this run (the reference).
 * Run: npx tsx bench/ws-fuzz.ts   (FRAMES=50000 WORKERS=12 QUIET_SECONDS=10 FUZZ_SEED=…)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildApp } from '../server/app.ts';
import { createUser } from '../server/auth/users.ts';
import { defaultConfig } from '../server/config.ts';
import { openPglite } from '../server/db/database.ts';
import { customerWithInvoices, listen, sessionWithLinks, waitFor } from '../tests/integration/sync/sync-fixtures.ts';
import { fuzzSeed } from '../tests/support/fuzz-random.ts';
import { describeSyncFuzz, runSyncFuzz } from '../tests/support/fuzz-sync-attack.ts';
import { percentile, startHonestTraffic, type HonestTraffic } from '../tests/support/fuzz-sync-honest.ts';
import type { TestApp } from '../tests/support/test-app.ts';

const FRAMES = Number(process.env.FRAMES ?? 50_000);
const WORKERS = Number(process.env.WORKERS ?? 12);
const QUIET_SECONDS = Number(process.env.QUIET_SECONDS ?? 10);
const PASSWORD = 'bench password';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const figures = (latency: readonly number[]) => `p50 ${percentile(latency, 50).toFixed(1)} ms, p99 ${percentile(latency, 99).toFixed(1)} ms (${latency.length} arrivals)`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-bench-ws-fuzz-'));
const database = await openPglite(dataDir);
const app = await buildApp(defaultConfig({ seedDemo: false, logLevel: 'silent', dataDir }), { database });
try {
  const ws = await listen(app);
  const cookieOf = async (email: string) => {
    await createUser(app.db, { email, name: email, role: 'finance', password: PASSWORD });
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    return login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  };
  const finance = await cookieOf('honest@bench.test');
  const hostileStaff = await cookieOf('hostile@bench.test');
  const t = { app } as unknown as TestApp; // the fixtures only use `t.app`
  const customer = await customerWithInvoices(t, { invoices: 1 });
  const { sessionId, mint } = await sessionWithLinks(t, finance, customer.ref);
  const customerLink = await mint('customer');
  const viewerLink = await mint('viewer');
  let honest: HonestTraffic | undefined;
  const options = {
    url: `${ws}/sync/${sessionId}/shared`,
    credentials: [{ cookie: hostileStaff }, { token: customerLink.token }, { token: viewerLink.token }],
    workers: WORKERS,
    foreignClientIds: () => honest?.participants.map((p) => p.doc.clientID) ?? [],
  };
  const unloaded = async () => {
    await waitFor(() => app.sync.stats().documents === 0, 20_000, 'the document to unload');
    await new Promise((resolve) => setTimeout(resolve, 1500));
  };
  const seed = fuzzSeed();
  console.log(`ws fuzz bench: seed ${seed} (FUZZ_SEED=${seed} repeats it), ${FRAMES} frames`);

  // Reference: the same honest traffic with nobody fuzzing (and a warm-up of the fuzzer after it).
  honest = await startHonestTraffic(ws, sessionId, { cookie: finance }, 3, 100);
  await new Promise((resolve) => setTimeout(resolve, QUIET_SECONDS * 1000));
  const quiet = [...honest.latenciesMs];
  await runSyncFuzz({ ...options, frames: 500, seed: seed + 1 });
  honest.destroy();
  honest = undefined;
  await unloaded();
  const heapBaseline = heap();

  honest = await startHonestTraffic(ws, sessionId, { cookie: finance }, 3, 100);
  const running = honest;
  const report = await runSyncFuzz({ ...options, frames: FRAMES, seed });
  running.stop();
  await waitFor(() => running.pendingArrivals() === 0, 10_000, 'the last honest edits').catch(() => undefined);
  const lost = running.pendingArrivals();
  const heapLoaded = heap();
  const loaded = [...running.latenciesMs];
  const disconnects = running.disconnects();
  const health = (await fetch(`${ws.replace(/^ws/, 'http')}/healthz`)).status;
  running.destroy();
  honest = undefined;
  await unloaded();
  const heapUnloaded = heap();

  console.log(
    [
      `ws fuzz bench, seed ${seed}, ${WORKERS} hostile workers, PGlite:`,
      ...describeSyncFuzz(report),
      `  heap after gc: baseline ${mib(heapBaseline)}, document loaded ${mib(heapLoaded)}, unloaded ${mib(heapUnloaded)} (retained ${mib(heapUnloaded - heapBaseline)})`,
      `  honest edits, reference (no fuzzing): ${figures(quiet)}`,
      `  honest edits, while fuzzing:          ${figures(loaded)}; p99 ratio ${(percentile(loaded, 99) / percentile(quiet, 99)).toFixed(2)}×`,
      `  honest edits that never arrived everywhere: ${lost}; honest disconnects: ${disconnects}; /healthz after: ${health}`,
    ].join('\n'),
  );
} finally {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
