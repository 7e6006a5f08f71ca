import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.ts';

describe.each(databaseKinds())('auth and users on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { loginRateLimit: { max: 1000, windowMs: 60_000 } });
  });
  afterAll(() => t.close());

  it('reports health with the database kind', async () => {
    const response = await t.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: kind, redis: false });
  });

  it('logs in with an HttpOnly SameSite=Lax cookie and answers /me', async () => {
    const admin = await t.loginAs('admin');
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: admin.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'staff', role: 'admin', email: admin.email });

    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password: TEST_PASSWORD } });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
  });

  it('gives the same 401 for a wrong password and an unknown e-mail', async () => {
    const admin = await t.loginAs('admin');
    const wrongPassword = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password: 'nope' } });
    const unknownEmail = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ghost@test.cashlens', password: 'nope' } });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(wrongPassword.json().message).toBe(unknownEmail.json().message);
  });

  it('requires a session on /api/v1 routes with a JSON 401', async () => {
    const response = await t.app.inject({ url: '/api/v1/customers' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('rejects bad input with 400 naming the field, 413 for huge bodies and a JSON 404, storing nothing', async () => {
    const admin = await t.loginAs('admin');
    const before = await t.app.inject({ url: '/api/v1/users', headers: { cookie: admin.cookie } });

    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie }, payload: { email: 'new@test.cashlens', name: 'New', role: 'finance' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'validation', field: 'password' });

    const badRole = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie }, payload: { email: 'new@test.cashlens', name: 'New', role: 'boss', password: 'long enough pw' } });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().field).toBe('role');

    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, payload: '{"email":' });
    expect(malformed.statusCode).toBe(400);

    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.statusCode).toBe(413);

    const unknown = await t.app.inject({ url: '/api/v1/no-such-thing', headers: { cookie: admin.cookie } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found' });

    const after = await t.app.inject({ url: '/api/v1/users', headers: { cookie: admin.cookie } });
    expect(after.json()).toEqual(before.json());
  });

  it('lets admins manage users and nobody else', async () => {
    const admin = await t.loginAs('admin');
    const finance = await t.loginAs('finance');
    const forbidden = await t.app.inject({ url: '/api/v1/users', headers: { cookie: finance.cookie } });
    expect(forbidden.statusCode).toBe(403);

    const created = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie }, payload: { email: 'rep@test.cashlens', name: 'Rep', role: 'sales', password: 'a long password' } });
    expect(created.statusCode).toBe(201);
    const duplicate = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie }, payload: { email: 'REP@test.cashlens', name: 'Rep', role: 'sales', password: 'a long password' } });
    expect(duplicate.statusCode).toBe(409);

    const repCookie = await t.login('rep@test.cashlens', 'a long password');
    const deactivated = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${created.json().id}`, headers: { cookie: admin.cookie }, payload: { active: false } });
    expect(deactivated.json().active).toBe(false);
    const afterDeactivation = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: repCookie } });
    expect(afterDeactivation.statusCode).toBe(401);
  });

  it('logs out by deleting the session', async () => {
    const finance = await t.loginAs('finance');
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: finance.cookie } });
    expect(logout.statusCode).toBe(204);
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: finance.cookie } });
    expect(me.statusCode).toBe(401);
  });
});

describe('login rate limit', () => {
  it('answers 429 after too many attempts', async () => {
    const t = await startTestApp('pglite', { loginRateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        // A new X-Forwarded-For each time: without TRUST_PROXY it must not reset the count.
        statuses.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': `203.0.113.${i}`, 'x-request-id': `chosen-${i}` }, payload: { email: 'a@b.c', password: 'x' } })).statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // Nor may a client choose the request id the audit trail records.
      const chosen = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'chosen-by-client' } });
      expect(chosen.headers['x-request-id']).not.toBe('chosen-by-client');
    } finally {
      await t.close();
    }
  });
});

describe('cross-site request protection', () => {
  it('refuses a cookie-authenticated write from another Origin and allows the same origin', async () => {
    const t = await startTestApp('pglite');
    try {
      const admin = await t.loginAs('admin');
      const payload = { email: 'csrf@test.cashlens', name: 'Csrf', role: 'sales', password: 'a long password' };
      const forged = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie, origin: 'https://evil.example', host: 'cashlens.local' }, payload });
      expect(forged.statusCode).toBe(403);
      expect(forged.json().message).toMatch(/Cross-site/);
      const users = await t.app.inject({ url: '/api/v1/users', headers: { cookie: admin.cookie } });
      expect(users.json().some((user: { email: string }) => user.email === payload.email)).toBe(false);

      const sameSite = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie, origin: 'http://cashlens.local', host: 'cashlens.local' }, payload });
      expect(sameSite.statusCode).toBe(201);
    } finally {
      await t.close();
    }
  });
});

describe('security headers', () => {
  it('sends a CSP that lets WebAssembly and blob workers run, nosniff, a frame and referrer policy, and HSTS only under HTTPS', async () => {
    const t = await startTestApp('pglite');
    try {
      for (const url of ['/healthz', '/api/v1/auth/me', '/no/such/route']) {
        const headers = (await t.app.inject({ url })).headers;
        expect(headers['content-security-policy'], url).toContain("script-src 'self' 'wasm-unsafe-eval'");
        expect(headers['content-security-policy'], url).toContain('worker-src \'self\' blob:');
        expect(headers['content-security-policy'], url).toContain("object-src 'none'");
        expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'no-referrer', 'cross-origin-opener-policy': 'same-origin' });
        expect(headers['strict-transport-security']).toBeUndefined();
        expect(headers['x-powered-by']).toBeUndefined();
      }
      // The API documentation brings its own, stricter CSP for its static files.
      const docs = await t.app.inject({ url: '/docs/static/index.html' });
      expect(docs.headers['content-security-policy']).toContain("default-src 'self'");
    } finally {
      await t.close();
    }
  });
});
