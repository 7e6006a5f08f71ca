#!/usr/bin/env node
// Bundles the server (our code; node_modules stay external) into dist/server/main.mjs: one ES
// module that starts faster than transpiling every file with tsx on each start.
import { execSync } from 'node:child_process';
import path from 'node:path';

export const serverBundle = path.resolve(import.meta.dirname, '..', 'dist', 'server', 'main.mjs');

export function buildServerBundle() {
  execSync(`npx esbuild server/main.ts --bundle --platform=node --format=esm --packages=external --target=node20 --sourcemap --log-level=warning --outfile=${serverBundle}`, {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) buildServerBundle();
