/**
 * The built app (dist/client, with the scene lab page) on a throwaway embedded database, for
 * the scene bench and manual looks outside vitest: `startSceneLabServer()` → url and close().
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.ts';
import { defaultConfig } from '../server/config.ts';

export async function startSceneLabServer(): Promise<{ url: string; close(): Promise<void> }> {
  const config = defaultConfig();
  if (!fs.existsSync(path.join(config.clientDir, 'scene-lab.html'))) throw new Error('No built scene lab: run `npx vite build` first.');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-scene-bench-'));
  const app = await buildApp(defaultConfig({ dataDir, seedDemo: false, logLevel: 'warn' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
