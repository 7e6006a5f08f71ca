/**
 * The real server as a child process, the way `npm start` runs it: PGlite in a temp DATA_DIR,
 * a second process refused on the same folder, graceful shutdown on SIGTERM, a fast warm
 * restart, and HTTPS=1 with a generated self-signed certificate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without types
import { buildServerBundle } from '../../../scripts/build-server.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-proc-'));
// Inside the project, so the packages kept external resolve from its node_modules.
const bundleDir = path.join(root, 'dist', `process-test-${process.pid}`);
const bundle = path.join(bundleDir, 'main.mjs');
const children: ChildProcess[] = [];

// The same bundle `npm start` runs, written beside the test so parallel runs never share it.
beforeAll(() => buildServerBundle(bundle));

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--enable-source-maps', bundle], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', SEED_DEMO: '0', LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(url: string, timeoutMs: number, agent?: https.Agent): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const ok = await new Promise<boolean>((resolve) => {
      const request = (url.startsWith('https') ? https : http).get(url, agent ? { agent } : {}, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.on('error', () => resolve(false));
    });
    if (ok) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms`);
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(bundleDir, { recursive: true, force: true });
});

describe('the server process on embedded PGlite', () => {
  const port = 18_000 + (process.pid % 1000);

  it('starts, refuses a second process on the same DATA_DIR with a clear error, and shuts down gracefully', async () => {
    const first = startServer({ PORT: String(port) });
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, 60_000);

    const second = startServer({ PORT: String(port + 1) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/already in use by another Cashlens process/);

    // The first server is unharmed by the attempt.
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, 5_000);
    // Swagger UI is bundled too and still finds its files.
    const docs = await fetch(`http://127.0.0.1:${port}/docs/static/swagger-ui-bundle.js`);
    expect(docs.status).toBe(200);
    expect((await docs.text()).length).toBeGreaterThan(100_000);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'cashlens.lock'))).toBe(false);
  });

  it('restarts warm on the same data in a couple of seconds', async () => {
    const started = Date.now();
    const server = startServer({ PORT: String(port + 2) });
    await waitForHealth(`http://127.0.0.1:${port + 2}/healthz`, 30_000);
    const warmMs = Date.now() - started;
    // Not a timing assertion (bench/ measures); a sanity bound against a re-migration or re-seed.
    expect(warmMs).toBeLessThan(20_000);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('serves HTTPS with a generated self-signed certificate when HTTPS=1, with Secure cookies for the ADMIN_EMAIL admin', async () => {
    const server = startServer({ PORT: String(port + 3), HTTPS: '1', ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'a strong admin password' });
    const agent = new https.Agent({ rejectUnauthorized: false });
    await waitForHealth(`https://127.0.0.1:${port + 3}/healthz`, 60_000, agent);
    expect(fs.existsSync(path.join(dataDir, 'tls', 'cert.pem'))).toBe(true);
    const login = await new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const request = https.request(`https://127.0.0.1:${port + 3}/api/v1/auth/login`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, headers: response.headers });
      });
      request.on('error', reject);
      request.end(JSON.stringify({ email: 'boss@example.com', password: 'a strong admin password' }));
    });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
    expect(String(login.headers['strict-transport-security'])).toMatch(/max-age/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
