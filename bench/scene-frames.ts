/**
 * Scene budgets (DESIGN §7): draw calls, triangles and mean/p95/max frame time with 0, 50, 300
 * and 1,000 invoice cards in an emulated immersive-ar session (iwer Quest 3 profile in mono,
 * SwiftShader), each as a ratio to the empty scene measured in the same run; and the gzip size
 * of the app's initial JS and of the lazily loaded 3D/XR chunks. Needs `npx vite build` first.
 * Run: `npx tsx bench/scene-frames.ts` (or `npm run bench -- scene`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser.ts';
import { startSceneLabServer } from './_scene-lab-server.ts';

const COUNTS = [0, 50, 300, 1000];
const SAMPLE_MS = Number(process.env.SCENE_BENCH_SAMPLE_MS ?? 6000);
const clientDir = path.resolve(import.meta.dirname, '../dist/client');

const gz = (file: string) => gzipSync(fs.readFileSync(path.join(clientDir, file))).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(page: Page, cards: number) {
  await page.evaluate((n) => window.__lab!.setCards(n), cards);
  await page.waitForFunction((n) => window.__cashlensRenderer?.stats().scene.cardsShown === n, cards, { timeout: 120_000 });
  await page.waitForTimeout(1000); // the last page's upload and shader warm-up are not steady state
  await page.evaluate(() => window.__cashlensRenderer!.resetFrameTimes());
  await page.waitForTimeout(SAMPLE_MS);
  const stats = await page.evaluate(() => window.__cashlensRenderer!.stats());
  const times = stats.frameTimes;
  const mean = times.reduce((sum, t) => sum + t, 0) / Math.max(1, times.length);
  return { cards, calls: stats.calls / stats.views, triangles: stats.triangles / stats.views, frames: times.length, mean, p95: percentile(times, 95), max: Math.max(0, ...times) };
}

async function main(): Promise<void> {
  const server = await startSceneLabServer();
  const browser = await launchBrowser({ webxrEmulation: true });
  try {
    // Chunk sizes: what index.html loads up front, and the JS the scene pulls in on demand.
    const html = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
    const initialFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const desktop = await browser.newPage({ viewport: { width: 960, height: 640 } });
    const loaded = new Set<string>();
    desktop.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.endsWith('.js')) loaded.add(url.pathname.slice(1));
    });
    await desktop.goto(`${server.url}/scene-lab.html?cards=0`);
    await desktop.waitForFunction(() => window.__cashlensRenderer?.stats().scene.cards === 0 && window.__cashlensRenderer.stats().frameTimes.length > 5, undefined, { timeout: 60_000 });
    const labEntry = [...loaded].filter((file) => /assets\/lab-/.test(file));
    const lazyFiles = [...loaded].filter((file) => !initialFiles.includes(file) && !labEntry.includes(file));
    // The same rows in the desktop 3D view (no XR), for comparison with the emulated session.
    const desktopRows = [];
    for (const count of COUNTS) desktopRows.push(await measure(desktop, count));
    await desktop.close();
    const initial = initialFiles.reduce((sum, file) => sum + gz(file), 0);
    const lazy = lazyFiles.reduce((sum, file) => sum + gz(file), 0);
    console.log(`initial JS (index.html, ${initialFiles.length} files): ${kb(initial)} gzip   budget 500 KB`);
    console.log(`lazy 3D/XR JS (${lazyFiles.length} files loaded with the scene): ${kb(lazy)} gzip`);
    for (const file of lazyFiles.sort((a, b) => gz(b) - gz(a)).slice(0, 5)) console.log(`  ${file}: ${kb(gz(file))}`);

    // Frames in an emulated AR session: enter, look at the floor, place the table, then vary the cards.
    const page = await browser.newPage({ viewport: { width: 960, height: 640 } });
    await page.goto(`${server.url}/scene-lab.html?xr=emulate&cards=0`);
    await page.getByTestId('enter-ar').click({ timeout: 60_000 });
    await page.waitForFunction(() => window.__cashlensRenderer?.stats().scene.mode === 'immersive-ar', undefined, { timeout: 30_000 });
    await page.evaluate(() => window.__iwerDevice!.quaternion.set(-0.38268, 0, 0, 0.92388));
    await page.waitForFunction(() => (window.__cashlensRenderer?.stats().scene.hitTestResults ?? 0) > 5, undefined, { timeout: 30_000 });
    await page.evaluate(() => window.__iwerDevice!.controllers.right!.updateButtonValue('trigger', 1));
    await page.waitForTimeout(200);
    await page.evaluate(() => window.__iwerDevice!.controllers.right!.updateButtonValue('trigger', 0));
    await page.waitForFunction(() => window.__cashlensRenderer?.stats().scene.placed === true, undefined, { timeout: 30_000 });
    await page.evaluate(() => window.__iwerDevice!.quaternion.set(-0.13, 0, 0, 0.99));

    const rows = [];
    for (const count of COUNTS) rows.push(await measure(page, count));
    printRows(`immersive-ar (emulated Quest 3 profile, mono, office_small room, SwiftShader)`, rows);
    printRows('desktop 3D view (same lab page without XR, 960×640)', desktopRows);
    const at300 = rows.find((row) => row.cards === 300)!;
    console.log(`\ndraw calls with 300 cards: ${at300.calls} (budget ≤ 100) → ${at300.calls <= 100 ? 'within budget' : 'OVER BUDGET'}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

type Row = Awaited<ReturnType<typeof measure>>;
function printRows(title: string, rows: readonly Row[]): void {
  const base = rows[0]!;
  console.log(`\n${title}; ${SAMPLE_MS / 1000} s per row; frame time = interval between frames`);
  console.log('cards  draw calls  triangles  frames  mean ms  p95 ms  max ms  mean÷empty  p95÷empty');
  for (const row of rows) {
    console.log(
      `${String(row.cards).padStart(5)}  ${String(row.calls).padStart(10)}  ${String(row.triangles).padStart(9)}  ${String(row.frames).padStart(6)}  ${row.mean.toFixed(1).padStart(7)}  ${row.p95.toFixed(1).padStart(6)}  ${row.max.toFixed(1).padStart(6)}  ${(row.mean / base.mean).toFixed(2).padStart(10)}  ${(row.p95 / base.p95).toFixed(2).padStart(9)}`,
    );
  }
}

await main();
