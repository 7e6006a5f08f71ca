/**
 * The real app (`buildApp`) on a fresh test database, with helpers to create staff and log in.
 * No mocks: requests go through Fastify's inject or a real listening socket.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { defaultConfig, type Config } from '../../server/config.ts';
import { createUser } from '../../server/auth/users.ts';
import type { DatabaseKind } from '../../server/db/database.ts';
import type { StaffRole } from '../../shared/roles.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

export const TEST_PASSWORD = 'correct horse battery';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  /** Creates a staff user and returns a `cookie` header value for its session. */
  loginAs(role: StaffRole, email?: string): Promise<{ cookie: string; userId: string; email: string }>;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

let userCounter = 0;

export async function startTestApp(kind: DatabaseKind, overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await openTestDatabase(kind);
  const config = defaultConfig({ seedDemo: false, logLevel: 'silent', port: 0, host: '127.0.0.1', dataDir: database.location.dataDir ?? defaultConfig().dataDir, ...overrides });
  const app = await buildApp(config, { database });

  const login = async (email: string, password: string): Promise<string> => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (response.statusCode !== 200) throw new Error(`login ${email} failed: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'cashlens_session');
    if (!cookie) throw new Error('login set no session cookie');
    return `${cookie.name}=${cookie.value}`;
  };

  return {
    app,
    database,
    login,
    async loginAs(role, email = `${role}${++userCounter}-${process.pid}@test.cashlens`) {
      const user = await createUser(app.db, { email, name: `${role} ${userCounter}`, role, password: TEST_PASSWORD });
      return { cookie: await login(email, TEST_PASSWORD), userId: user.id, email };
    },
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}
