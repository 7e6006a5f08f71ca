/**
 * The server's configuration: DESIGN §2's environment table, parsed once. `buildApp` takes a
 * `Config`, so tests construct one directly and never touch `process.env`.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** `postgres://…` → PostgreSQL; undefined → embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  /** true → load the demo company when the database has no customers; false → never. */
  readonly seedDemo: boolean;
  readonly publicUrl: string | undefined;
  readonly https: boolean;
  /** Overrides the secret stored in the database (generated on first start). */
  readonly sessionSecret: string | undefined;
  /** Folder of the built client (`vite build` output); served when it exists. */
  readonly clientDir: string;
  readonly assetsDir: string;
  readonly logLevel: string;
  /** Injectable clock for demos and tests; production uses the wall clock. */
  readonly now: () => Date;
  readonly bodyLimitBytes: number;
  readonly loginRateLimit: { readonly max: number; readonly windowMs: number };
  /** Webhook outbox: attempts, exponential backoff from `baseDelayMs`, per-request timeout, poll interval. */
  readonly webhookDelivery: { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number; readonly timeoutMs: number; readonly pollMs: number };
  /** Let webhooks reach loopback, private and link-local hosts (an on-premises ERP; tests). Off: SSRF guard. */
  readonly webhookAllowPrivateTargets: boolean;
  /**
   * Behind a reverse proxy: believe X-Forwarded-For/-Proto/-Host (client address for rate limits,
   * HTTPS for Secure cookies) and an incoming X-Request-Id. Off by default: a client reaching the
   * server directly would otherwise pick the address the login rate limit counts.
   */
  readonly trustProxy: boolean;
}

/** The project folder, found upwards from this file so the same code works from server/ (tsx) and dist/server/ (bundle). */
function projectRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const root = projectRoot(import.meta.dirname);

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 8080,
    host: '0.0.0.0',
    dataDir: path.join(root, 'data'),
    databaseUrl: undefined,
    redisUrl: undefined,
    smtpUrl: undefined,
    adminEmail: undefined,
    adminPassword: undefined,
    seedDemo: true,
    publicUrl: undefined,
    https: false,
    sessionSecret: undefined,
    clientDir: path.join(root, 'dist', 'client'),
    assetsDir: path.join(root, 'assets'),
    logLevel: 'info',
    now: () => new Date(),
    bodyLimitBytes: 1024 * 1024,
    loginRateLimit: { max: 10, windowMs: 60_000 },
    webhookDelivery: { maxAttempts: 8, baseDelayMs: 10_000, maxDelayMs: 3_600_000, timeoutMs: 10_000, pollMs: 1_000 },
    webhookAllowPrivateTargets: false,
    trustProxy: false,
    ...overrides,
  };
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`PORT must be an integer 0–65535, got "${value}"`);
  return parsed;
}

const optional = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const base = defaultConfig();
  return defaultConfig({
    port: port(env.PORT, base.port),
    host: optional(env.HOST) ?? base.host,
    dataDir: path.resolve(optional(env.DATA_DIR) ?? base.dataDir),
    databaseUrl: optional(env.DATABASE_URL),
    redisUrl: optional(env.REDIS_URL),
    smtpUrl: optional(env.SMTP_URL),
    adminEmail: optional(env.ADMIN_EMAIL),
    adminPassword: optional(env.ADMIN_PASSWORD),
    seedDemo: flag(env.SEED_DEMO) ?? true,
    publicUrl: optional(env.PUBLIC_URL)?.replace(/\/+$/, ''),
    https: flag(env.HTTPS) ?? false,
    sessionSecret: optional(env.SESSION_SECRET),
    logLevel: optional(env.LOG_LEVEL) ?? base.logLevel,
    webhookAllowPrivateTargets: flag(env.WEBHOOK_ALLOW_PRIVATE_TARGETS) ?? false,
    trustProxy: flag(env.TRUST_PROXY) ?? false,
  });
}
