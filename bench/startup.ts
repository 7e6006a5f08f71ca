/**
 * Start-up figures for the README's run command: cold start on an empty DATA_DIR (migrations +
 * demo seed) and warm restart on the same folder, each to the first 200 from /healthz. The
 * reference in the same run is a bare `node -e` process start, so the ratio tells what is ours.
 * It runs the server the way `npm start` does (the esbuild bundle). Run: npx tsx bench/startup.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// @ts-expect-error -- a plain .mjs build script without types
import { buildServerBundle, serverBundle } from '../scripts/build-server.mjs';

const root = path.resolve(import.meta.dirname, '..');
buildServerBundle();

async function timeToHealthy(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', serverBundle as string], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-bench-start-'));
const nodeStarted = performance.now();
spawnSync(process.execPath, ['-e', '0']);
const bareNode = performance.now() - nodeStarted;

const cold = await timeToHealthy(dataDir, 18_950);
const warm: number[] = [];
for (let i = 0; i < 3; i++) warm.push(await timeToHealthy(dataDir, 18_951 + i));
fs.rmSync(dataDir, { recursive: true, force: true });

const median = [...warm].sort((a, b) => a - b)[1]!;
console.log(`bare node start          ${bareNode.toFixed(0)} ms`);
console.log(`cold start (migrate+seed) ${cold.toFixed(0)} ms to /healthz   (goal < 60,000 ms)`);
console.log(`warm restart (median of 3) ${median.toFixed(0)} ms to /healthz   (goal ≤ 2,000 ms; ${(median / bareNode).toFixed(1)}× a bare node start)`);
