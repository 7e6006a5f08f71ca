import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { productFor } from '../../../shared/products/product-for.ts';
import { customerWithInvoices } from '../sync/sync-fixtures.ts';

describe.each(databaseKinds())('sessions, share links and the portal on %s', (kind) => {
  let t: TestApp;
  let finance: { cookie: string };

  beforeAll(async () => {
    t = await startTestApp(kind, { publicUrl: 'https://cashlens.example' });
    finance = await t.loginAs('finance');
  });
  afterAll(() => t.close());

  it('creates, lists, shows and closes sessions; sales sees only its customers', async () => {
    const owner = await t.loginAs('sales');
    const stranger = await t.loginAs('sales');
    const customer = await customerWithInvoices(t, { salesOwnerId: owner.userId, invoices: 1 });

    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie: stranger.cookie }, payload: { customerRef: customer.ref, title: 'x' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().field).toBe('customerRef');

    const created = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie: owner.cookie }, payload: { customerRef: customer.ref, title: 'Q4 review' } });
    expect(created.statusCode).toBe(201);
    const session = created.json();
    expect(session).toMatchObject({ customerRef: customer.ref, title: 'Q4 review', status: 'open', closedAt: null });

    const ownList = await t.app.inject({ url: `/api/v1/sessions?customerRef=${customer.ref}`, headers: { cookie: owner.cookie } });
    expect(ownList.json().map((s: { id: string }) => s.id)).toEqual([session.id]);
    const strangerList = await t.app.inject({ url: '/api/v1/sessions', headers: { cookie: stranger.cookie } });
    expect(strangerList.json().some((s: { id: string }) => s.id === session.id)).toBe(false);
    expect((await t.app.inject({ url: `/api/v1/sessions/${session.id}`, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/sessions/${session.id}`, headers: { cookie: finance.cookie } })).json()).toMatchObject({ id: session.id, links: [] });

    const closed = await t.app.inject({ method: 'POST', url: `/api/v1/sessions/${session.id}/close`, headers: { cookie: owner.cookie } });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    const linkOnClosed = await t.app.inject({ method: 'POST', url: `/api/v1/sessions/${session.id}/links`, headers: { cookie: owner.cookie }, payload: { role: 'customer', expiresInHours: 1 } });
    expect(linkOnClosed.statusCode).toBe(409);
  });

  it('rejects bad input naming the field, storing nothing', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const before = (await t.app.inject({ url: '/api/v1/sessions', headers: { cookie: finance.cookie } })).json().length;
    const noTitle = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie: finance.cookie }, payload: { customerRef: customer.ref } });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().field).toBe('title');
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie: finance.cookie }, payload: { customerRef: 'NOPE', title: 't' } });
    expect(unknown.statusCode).toBe(400);
    const session = (await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie: finance.cookie }, payload: { customerRef: customer.ref, title: 't' } })).json();
    const badRole = await t.app.inject({ method: 'POST', url: `/api/v1/sessions/${session.id}/links`, headers: { cookie: finance.cookie }, payload: { role: 'admin', expiresInHours: 1 } });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().field).toBe('role');
    const tooLong = await t.app.inject({ method: 'POST', url: `/api/v1/sessions/${session.id}/links`, headers: { cookie: finance.cookie }, payload: { role: 'viewer', expiresInHours: 100_000 } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().field).toBe('expiresInHours');
    const after = (await t.app.inject({ url: '/api/v1/sessions', headers: { cookie: finance.cookie } })).json().length;
    expect(after).toBe(before + 1);
    expect((await t.app.inject({ url: `/api/v1/sessions/${session.id}`, headers: { cookie: finance.cookie } })).json().links).toEqual([]);
  });

  it('mints links with a URL on PUBLIC_URL and a QR code; a customer link reads exactly its portal', async () => {
    const customer = await customerWithInvoices(t, { invoices: 2 });
    const other = await customerWithInvoices(t, { invoices: 1 });
    const session = (await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie: finance.cookie }, payload: { customerRef: customer.ref, title: 'Call' } })).json();
    const minted = await t.app.inject({ method: 'POST', url: `/api/v1/sessions/${session.id}/links`, headers: { cookie: finance.cookie }, payload: { role: 'customer', expiresInHours: 48 } });
    expect(minted.statusCode).toBe(201);
    const link = minted.json();
    expect(link.url).toBe(`https://cashlens.example/s/${encodeURIComponent(link.token)}`);
    expect(link.qrSvg).toMatch(/^<svg/);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(47 * 3600_000);

    const qr = await t.app.inject({ url: `/api/v1/sessions/${session.id}/links/${link.id}/qr.svg`, headers: { cookie: finance.cookie } });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(qr.body).toContain('<path');

    const bearer = { authorization: `Bearer ${link.token}` };
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer });
    expect(me.json()).toMatchObject({ kind: 'link', role: 'customer', sessionId: session.id });
    expect((await t.app.inject({ url: '/api/v1/portal/session', headers: bearer })).json()).toMatchObject({ id: session.id, role: 'customer', customerRef: customer.ref });
    const invoices = (await t.app.inject({ url: `/api/v1/portal/invoices?token=${encodeURIComponent(link.token)}` })).json();
    expect(invoices.map((invoice: { number: string }) => invoice.number).sort()).toEqual([...customer.invoiceNumbers].sort());
    expect(invoices.some((invoice: { number: string }) => other.invoiceNumbers.includes(invoice.number))).toBe(false);
    // The product model: the one staff see for this customer (same rule), and nothing else of the catalogue.
    const catalogue = (await t.app.inject({ url: '/api/v1/products', headers: { cookie: finance.cookie } })).json();
    const own = (await t.app.inject({ url: '/api/v1/portal/products', headers: bearer })).json();
    expect(catalogue.length).toBeGreaterThan(1);
    expect(own).toEqual([productFor(customer.ref, catalogue)]);
    expect(own[0].hotspots.length).toBeGreaterThan(0);
    expect((await t.app.inject({ url: own[0].glbUrl })).statusCode).toBe(200);
    const statement = (await t.app.inject({ url: '/api/v1/portal/statement', headers: bearer })).json();
    expect(statement.balances).toEqual([{ currency: 'USD', open: 125_00 + 250_00, overdue: expect.any(Number) }]);

    // Nothing else: staff routes do not accept a link at all.
    for (const url of ['/api/v1/customers', '/api/v1/sessions', `/api/v1/sessions/${session.id}`, '/api/v1/users']) {
      expect({ url, status: (await t.app.inject({ url, headers: bearer })).statusCode }).toEqual({ url, status: 401 });
    }
    // Staff are not served by the portal.
    expect((await t.app.inject({ url: '/api/v1/portal/invoices', headers: { cookie: finance.cookie } })).statusCode).toBe(403);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/sessions/${session.id}/links/${link.id}`, headers: { cookie: finance.cookie } });
    expect(revoked.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/portal/invoices', headers: bearer })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/v1/sessions/${session.id}/links/${link.id}/qr.svg`, headers: { cookie: finance.cookie } })).statusCode).toBe(409);
    const detail = (await t.app.inject({ url: `/api/v1/sessions/${session.id}`, headers: { cookie: finance.cookie } })).json();
    expect(detail.links).toEqual([expect.objectContaining({ id: link.id, revokedAt: expect.any(String) })]);
    expect(detail.links[0].token).toBeUndefined();
  });

  it('refuses a token signed with another secret or for another link', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const session = (await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie: finance.cookie }, payload: { customerRef: customer.ref, title: 'Call' } })).json();
    const link = (await t.app.inject({ method: 'POST', url: `/api/v1/sessions/${session.id}/links`, headers: { cookie: finance.cookie }, payload: { role: 'viewer', expiresInHours: 1 } })).json();
    const { signShareToken } = await import('../../../server/sessions/share-token.ts');
    const wrongSecret = signShareToken('not-the-secret', { linkId: link.id, expiresAt: new Date(Date.now() + 3600_000) });
    expect((await t.app.inject({ url: '/api/v1/portal/session', headers: { authorization: `Bearer ${wrongSecret}` } })).statusCode).toBe(401);
    const longer = signShareToken(t.app.secret, { linkId: link.id, expiresAt: new Date(Date.now() + 99 * 3600_000) });
    // Correctly signed, but not the expiry this link was minted with.
    expect((await t.app.inject({ url: '/api/v1/portal/session', headers: { authorization: `Bearer ${longer}` } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/portal/session', headers: { authorization: `Bearer ${link.token}` } })).json().role).toBe('viewer');
  });

  // A share link must outlive the request that mints it: expiries that round to "now" are refused, not stored dead.
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
