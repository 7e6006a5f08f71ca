#!/usr/bin/env node
// Bundles the server and the packages it loads at every start into dist/server/main.mjs: one ES
// module that starts faster than resolving and reading hundreds of files (or transpiling with tsx).
// Kept external: packages that read their own files next to them (PGlite's WASM, the glTF
// validator) and those loaded only when configured (pg, ioredis, selfsigned, nodemailer for
// SMTP_URL). Swagger UI is bundled: app.ts hands it the absolute path of its static files.
import { execSync } from 'node:child_process';
import path from 'node:path';

export const serverBundle = path.resolve(import.meta.dirname, '..', 'dist', 'server', 'main.mjs');

const external = ['@electric-sql/pglite', 'gltf-validator', 'pg', 'ioredis', 'selfsigned', 'nodemailer', 'esbuild'];
// Bundled CommonJS packages call require() for Node built-ins; an ES module has none of its own.
const requireShim = "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);";

/** Writes the bundle to `outfile` (default: the one `npm start` runs). */
export function buildServerBundle(outfile = serverBundle) {
  const args = [
    'server/main.ts', '--bundle', '--platform=node', '--format=esm', '--target=node20',
    '--sourcemap', '--sources-content=false', '--log-level=warning', `--outfile=${outfile}`,
    ...external.map((name) => `--external:${name}`),
    `--banner:js=${JSON.stringify(requireShim)}`,
  ];
  execSync(`npx esbuild ${args.join(' ')}`, { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'inherit' });
}

if (import.meta.url === `file://${process.argv[1]}`) buildServerBundle();
