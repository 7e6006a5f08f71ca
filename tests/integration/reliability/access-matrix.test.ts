/**
 * Issue 9, the access-control matrix over HTTP: every `/api/v1` route × every role (anonymous,
 * customer link by Bearer and by `?token=`, another customer's link, viewer link, the owning and a
 * stranger sales rep, finance, admin, API keys `read` and `write-ledger`) → the expected status,
 * on realistic data of customer A versus customer B. A route without a row fails the test.
 * Every 2xx a link holder receives is searched for what it must never see: internal notes,
 * tasks, dispute comments, and the other customer's data. Expired and revoked links fail at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../server/config.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { accessRoles, buildAccessWorld, freshCookie, linkRoles, type AccessRole, type AccessWorld } from '../../support/access-world.ts';
import { documentedRoutes, servedRoutes } from '../../support/access-inventory.ts';
import { resetRouteFixtures, routeCases, targetsConsumed, type Outcome, type RouteCase } from '../../support/access-routes.ts';

const API = '/api/v1';
const staffRoles = new Set<AccessRole>(['salesOwner', 'salesOther', 'finance', 'admin']);

const matches = (outcome: Outcome, status: number) => (outcome === '2xx' ? status >= 200 && status < 300 : status === outcome);

describe.each(databaseKinds())('access-control matrix on %s', (kind) => {
  let t: TestApp;
  let w: AccessWorld;
  let clockSkewMs = 0;

  beforeAll(async () => {
    const defaults = defaultConfig();
    t = await startTestApp(kind, {
      now: () => new Date(Date.now() + clockSkewMs),
      loginRateLimit: { max: 100_000, windowMs: 60_000 },
      webhookDelivery: { ...defaults.webhookDelivery, timeoutMs: 300, pollMs: 60_000 },
    });
    resetRouteFixtures();
    w = await buildAccessWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function call(row: RouteCase, role: AccessRole) {
    const request = await row.request(w, role);
    const { url, headers } = w.as(role, request.url);
    if (row.consumesLogin && staffRoles.has(role)) headers.cookie = await freshCookie(w, role as keyof AccessWorld['staff']);
    return t.app.inject({ method: row.method, url, headers: { ...headers, ...request.headers }, ...(request.payload === undefined ? {} : { payload: request.payload as string }) });
  }

  /** What a role must never find in a body it receives on this route. */
  function forbiddenFor(row: RouteCase, role: AccessRole): string[] {
    const ofA = [w.a.ref, ...w.a.invoiceNumbers];
    const ofB = [w.b.ref, ...w.b.invoiceNumbers];
    if (role === 'otherCustomerLink') return [...ofA, ...w.internalMarkers];
    if (linkRoles.includes(role)) return [...ofB, ...w.internalMarkers];
    if (role === 'salesOther') return [...ofA, ...w.internalMarkers];
    return [];
  }

  it('has a row for every /api/v1 route the app serves, and none for a route that is gone', async () => {
    const served = servedRoutes(t.app, API);
    const documented = await documentedRoutes(t.app, API);
    expect([...documented].filter((route) => !served.has(route)), 'routes in /docs/json the route tree parse missed').toEqual([]);
    const covered = new Set(routeCases.map((row) => `${row.method} ${row.path}`));
    expect(covered.size, 'duplicate rows').toBe(routeCases.length);
    expect([...served].filter((route) => !covered.has(route)), 'routes without a row in tests/support/access-routes.ts').toEqual([]);
    expect([...covered].filter((route) => !served.has(route)), 'rows for routes the app no longer serves').toEqual([]);
  });

  it('answers every route × role with the expected status, and never hands a link holder internal or foreign data', async () => {
    const started = performance.now();
    const wrong: string[] = [];
    let cells = 0;
    for (const row of routeCases) {
      for (const role of accessRoles) {
        const response = await call(row, role);
        cells++;
        const expected = row.expect[role];
        if (!matches(expected, response.statusCode)) wrong.push(`${row.method} ${row.path} as ${role}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 160)}`);
        if (response.statusCode < 200 || response.statusCode >= 300) continue;
        targetsConsumed();
        for (const secret of forbiddenFor(row, role)) {
          if (response.body.includes(secret)) wrong.push(`${row.method} ${row.path} as ${role}: the body contains "${secret}"`);
        }
      }
    }
    console.log(`access matrix (${kind}): ${cells} route × role cells (${routeCases.length} routes × ${accessRoles.length} roles) in ${Math.round(performance.now() - started)} ms`);
    expect(wrong).toEqual([]);
  });

  it('lets an ERP client with a write-ledger key create and update customers and record promises, named in the audit; a read key changes nothing', async () => {
    const key = (scope: 'read' | 'writeLedger') => ({ authorization: `Bearer ${w.apiKeys[scope]}` });
    const ref = `ERP-${w.unique()}`;
    const body = { ref, name: 'Acme via ERP', currency: 'USD', paymentTermsDays: 45 };
    const refused = await t.app.inject({ method: 'POST', url: `${API}/customers`, headers: key('read'), payload: body });
    expect(refused.statusCode).toBe(403);
    expect(await t.app.db.selectFrom('customers').select('id').where('ref', '=', ref).executeTakeFirst()).toBeUndefined();

    const created = await t.app.inject({ method: 'POST', url: `${API}/customers`, headers: key('writeLedger'), payload: body });
    expect(created.statusCode, created.body).toBe(201);
    const id: string = created.json().id;
    const updated = await t.app.inject({ method: 'PATCH', url: `${API}/customers/${id}`, headers: key('writeLedger'), payload: { name: 'Acme Corp via ERP' } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ ref, name: 'Acme Corp via ERP', paymentTermsDays: 45 });
    expect(updated.json().activity.map((entry: { actor: string; command: string }) => [entry.command, entry.actor.split(':')[0]])).toEqual(
      expect.arrayContaining([
        ['createCustomer', 'api-key'],
        ['updateCustomer', 'api-key'],
      ]),
    );
    expect((await t.app.inject({ method: 'PATCH', url: `${API}/customers/${id}`, headers: key('read'), payload: { name: 'Hijacked' } })).statusCode).toBe(403);

    const promise = { customerRef: w.a.ref, invoiceNumbers: [w.a.invoiceNumbers[1]!], amount: 2_00, date: w.today };
    expect((await t.app.inject({ method: 'POST', url: `${API}/promises`, headers: key('read'), payload: promise })).statusCode).toBe(403);
    const recorded = await t.app.inject({ method: 'POST', url: `${API}/promises`, headers: key('writeLedger'), payload: { ...promise, note: 'from the ERP' } });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ customerId: w.a.id, amount: 2_00, note: 'from the ERP', recordedBy: expect.stringMatching(/^api-key:/) });
  });

  it('shows each link exactly its own session and customer on the portal', async () => {
    const read = async (role: AccessRole, path: string) => {
      const { url, headers } = w.as(role, `${API}/portal/${path}`);
      const response = await t.app.inject({ url, headers });
      expect(response.statusCode, `${role} ${path}`).toBe(200);
      return response.json();
    };
    expect(await read('customerLink', 'session')).toMatchObject({ id: w.a.sessionId, role: 'customer' });
    expect(await read('viewerLink', 'session')).toMatchObject({ id: w.a.sessionId, role: 'viewer' });
    expect(await read('otherCustomerLink', 'session')).toMatchObject({ id: w.b.sessionId, role: 'customer' });
    expect((await read('customerLinkQuery', 'statement')).customerRef).toBe(w.a.ref);
    expect((await read('otherCustomerLink', 'statement')).customerRef).toBe(w.b.ref);
    const numbers = (await read('customerLink', 'invoices')).map((invoice: { number: string }) => invoice.number);
    expect(numbers).toEqual(expect.arrayContaining([...w.a.invoiceNumbers]));
    expect(numbers.filter((number: string) => w.b.invoiceNumbers.includes(number))).toEqual([]);
  });

  it('refuses a revoked link and an expired link at once, by Bearer and by ?token=', async () => {
    const statuses = async (token: string) =>
      Promise.all([
        t.app.inject({ url: `${API}/portal/session`, headers: { authorization: `Bearer ${token}` } }).then((r) => r.statusCode),
        t.app.inject({ url: `${API}/portal/invoices?token=${encodeURIComponent(token)}` }).then((r) => r.statusCode),
        t.app.inject({ url: `${API}/auth/me`, headers: { authorization: `Bearer ${token}` } }).then((r) => r.statusCode),
      ]);

    const revoked = await w.mintA('customer');
    expect(await statuses(revoked.token)).toEqual([200, 200, 200]);
    const del = await t.app.inject({ method: 'DELETE', url: `${API}/sessions/${w.a.sessionId}/links/${revoked.id}`, headers: { cookie: w.staff.salesOwner.cookie } });
    expect(del.statusCode).toBe(204);
    expect(await statuses(revoked.token)).toEqual([401, 401, 401]);

    const expiring = await w.mintA('viewer', 1);
    expect(await statuses(expiring.token)).toEqual([200, 200, 200]);
    clockSkewMs = 3600_000 + 1000;
    try {
      expect(await statuses(expiring.token)).toEqual([401, 401, 401]);
    } finally {
      clockSkewMs = 0;
    }
    // The link that was not revoked still works once the clock is back.
    expect(await statuses(w.links.customerA.token)).toEqual([200, 200, 200]);
  });
});
