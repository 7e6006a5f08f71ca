/** A share link must outlive the request that mints it: expiries that round to "now" are refused, not stored dead. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices } from '../sync/sync-fixtures.ts';

describe.each(databaseKinds())('share link expiry on %s', (kind) => {
  let t: TestApp;
  let finance: { cookie: string };

  beforeAll(async () => {
    t = await startTestApp(kind, { publicUrl: 'https://cashlens.example' });
    finance = await t.loginAs('finance');
  });
  afterAll(() => t.close());

  it('refuses an expiry under one minute naming expiresInHours, storing no link; one minute works', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const session = (await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie: finance.cookie }, payload: { customerRef: customer.ref, title: 'expiry' } })).json();
    const mint = (expiresInHours: number) => t.app.inject({ method: 'POST', url: `/api/v1/sessions/${session.id}/links`, headers: { cookie: finance.cookie }, payload: { role: 'viewer', expiresInHours } });
    const storedLinks = async () => (await t.app.db.selectFrom('share_links').select('id').where('session_id', '=', session.id).execute()).length;

    for (const expiresInHours of [0.0000001, 0.5 / 60, 0]) {
      const refused = await mint(expiresInHours);
      expect(refused.statusCode, `${expiresInHours}: ${refused.body}`).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation', field: 'expiresInHours' });
    }
    expect(await storedLinks()).toBe(0);

    const oneMinute = await mint(1 / 60);
    expect(oneMinute.statusCode, oneMinute.body).toBe(201);
    expect(oneMinute.json().url).toMatch(/^https:\/\/cashlens\.example\/s\//);
    expect(await storedLinks()).toBe(1);
  });
});
