/**
 * The built app listening on a real port for the browser: in-process `buildApp` on a fresh test
 * database with the demo company seeded, serving dist/client (built by `npm test` beforehand).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { defaultConfig, type Config } from '../../server/config.ts';
import type { DatabaseKind } from '../../server/db/database.ts';
import { openTestDatabase } from './test-database.ts';

export interface E2eServer {
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
}

export async function startE2eServer(kind: DatabaseKind = 'pglite', overrides: Partial<Config> = {}): Promise<E2eServer> {
  const clientDir = defaultConfig().clientDir;
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) throw new Error(`No built client in ${clientDir}: run \`npx vite build\` (npm test does).`);
  const database = await openTestDatabase(kind);
  const app = await buildApp(defaultConfig({ seedDemo: true, logLevel: 'warn', dataDir: database.location.dataDir ?? defaultConfig().dataDir, ...overrides }), { database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}
