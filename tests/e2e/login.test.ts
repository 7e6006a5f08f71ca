import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { startE2eServer, type E2eServer } from '../support/e2e-server.ts';
import { DEMO_PASSWORD } from '../../server/seed/demo-company.ts';

describe('logging in through the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a wrong password, then shows the dashboard and the 3D view to the admin', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const response = await page.goto(server.url);
    expect(response?.headers()['cache-control']).toBe('no-cache');

    await page.getByLabel('E-mail').fill('admin@demo.cashlens.test');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('wrong');

    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const customers = page.getByRole('table', { name: 'Customers' });
    await customers.waitFor();
    expect(await customers.getByRole('row').count()).toBeGreaterThan(30);
    await page.locator('section.scene canvas').waitFor({ timeout: 30_000 });
    await screenshot(page, 'dashboard-admin');

    // Hashed assets are cached for a year; a client route falls back to index.html.
    const script = await page.evaluate(() => document.querySelector('script[type="module"]')?.getAttribute('src'));
    const asset = await page.request.get(`${server.url}${script}`);
    expect(asset.headers()['cache-control']).toContain('immutable');
    const spa = await page.request.get(`${server.url}/sessions/anything`, { headers: { accept: 'text/html' } });
    expect(await spa.text()).toContain('<div id="root">');
  });
});
