#!/usr/bin/env node
// `npm start`: install dependencies if this is a fresh clone, build the client if it is missing or
// older than its sources, then run the server (embedded PGlite + demo data unless configured otherwise).
// Plain Node with no dependencies, so it works before `npm ci` has run.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  console.log('Installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

const builtIndex = path.join(root, 'dist', 'client', 'index.html');
const sourcesChanged = () => Math.max(newestMtime(path.join(root, 'client')), newestMtime(path.join(root, 'shared')), fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs);
if (!fs.existsSync(builtIndex) || fs.statSync(builtIndex).mtimeMs < sourcesChanged()) {
  console.log('Building the client (vite build)…');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}

const serverChanged = () => Math.max(newestMtime(path.join(root, 'server')), newestMtime(path.join(root, 'shared')));
const serverBundle = path.join(root, 'dist', 'server', 'main.mjs');
if (!fs.existsSync(serverBundle) || fs.statSync(serverBundle).mtimeMs < serverChanged()) {
  const { buildServerBundle } = await import('./build-server.mjs');
  buildServerBundle();
}

// In this process rather than a child: one Node start-up fewer on every restart. The server
// handles SIGINT/SIGTERM and exits by itself.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(serverBundle).href);
