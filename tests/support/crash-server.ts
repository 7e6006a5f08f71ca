/**
 * The real server as a child process, for crash tests: bundled once the way `npm start` runs it,
 * started on PGlite (DATA_DIR) or PostgreSQL (DATABASE_URL) with PORT=0, and ended either by
 * SIGKILL (a crash: nothing gets to flush) or by SIGTERM (a clean stop).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error -- a plain .mjs build script without types
import { buildServerBundle } from '../../scripts/build-server.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Where the server keeps its data: always a folder (PGlite files, or uploads beside PostgreSQL). */
export interface ServerTarget {
  readonly dataDir: string;
  readonly databaseUrl?: string;
}

export const CRASH_ADMIN = { email: 'crash-admin@test.cashlens', password: 'crash harness password 1' } as const;

/**
 * The bundle `npm start` runs (scripts/build-server.mjs), written to a folder of its own inside the
 * project (so the packages kept external resolve, and parallel runs never share a half-written file).
 */
export async function bundleServer(): Promise<{ readonly entry: string; remove(): void }> {
  const dir = path.join(root, 'dist', `crash-server-${process.pid}`);
  const entry = path.join(dir, 'main.mjs');
  (buildServerBundle as (outfile: string) => void)(entry);
  return { entry, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  readonly wsUrl: string;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  readonly startMs: number;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful: flushes sync documents, closes the database), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the bundle and resolves once /healthz answers 200 (or rejects with its output). */
export async function startServer(entry: string, target: ServerTarget, timeoutMs = 90_000): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: target.dataDir,
      DATABASE_URL: target.databaseUrl ?? '',
      REDIS_URL: '',
      SMTP_URL: '',
      PUBLIC_URL: '',
      HTTPS: '',
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      SESSION_SECRET: 'crash-harness-session-secret-0123456789',
      ADMIN_EMAIL: CRASH_ADMIN.email,
      ADMIN_PASSWORD: CRASH_ADMIN.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test runner that ends its worker mid-cycle must not leave a server holding the data behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const fail = (why: string) => new Error(`server ${why}\n--- its output ---\n${output.slice(-4000)}`);

  // main.ts prints "Open:  http://localhost:<port>" once listening; PORT=0 lets the OS pick.
  let port: number | undefined;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw fail(`exited during start (${child.exitCode ?? child.signalCode})`);
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw fail(`did not start within ${timeoutMs} ms`);
    }
    port ??= Number(/Open:\s+https?:\/\/localhost:(\d+)/.exec(output)?.[1]) || undefined;
    if (port !== undefined) {
      const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false);
      if (healthy) break;
    }
    await sleep(25);
  }
  const startMs = performance.now() - started;

  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    startMs,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop(graceMs = 20_000) {
      const gone = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** A logged-in HTTP client of one server process. */
export class ServerClient {
  private cookie = '';
  constructor(readonly server: ServerProcess) {}

  async login(): Promise<void> {
    const response = await fetch(`${this.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CRASH_ADMIN) });
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('cashlens_session='));
    if (response.status !== 200 || !cookie) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    this.cookie = cookie.split(';')[0]!;
  }

  get credentials() {
    return { cookie: this.cookie };
  }

  async send(method: string, url: string, options: { json?: unknown; csv?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { cookie: this.cookie, ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) (headers['content-type'] = 'application/json'), (body = JSON.stringify(options.json));
    if (options.csv !== undefined) (headers['content-type'] = 'text/csv'), (body = options.csv);
    // A hung request should fail the run with its name, not run into the test's timeout.
    const response = await fetch(`${this.server.url}/api/v1${url}`, { method, headers, signal: AbortSignal.timeout(60_000), ...(body === undefined ? {} : { body }) }).catch((error: Error) => {
      throw new Error(`${method} ${url}: ${error.message}`);
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async expect(status: number, method: string, url: string, options: Parameters<ServerClient['send']>[2] = {}): Promise<any> {
    const response = await this.send(method, url, options);
    if (response.status !== status) throw new Error(`${method} ${url}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}
