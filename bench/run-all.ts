/**
 * `npm run bench`: every bench script in this folder, one after another, each printing its own
 * figures (ratios against a reference measured in the same run). `npm run bench -- sync` runs
 * only the scripts whose name contains "sync".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2];
const scripts = fs
  .readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && file !== 'run-all.ts' && !file.startsWith('_'))
  .filter((file) => !filter || file.includes(filter))
  .sort();

let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, script)], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    failed++;
    console.log(`(${script} exited with ${result.status})`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
