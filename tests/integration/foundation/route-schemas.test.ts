import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

/** Route schemas compile on first use (server/http/lazy-schema-compilers.ts); none may be broken. */
describe('route schemas compiled on first use', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(() => t.close());

  it('validates a route on its first request exactly as an eager compile would', async () => {
    const finance = await t.loginAs('finance');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: { cookie: finance.cookie },
      payload: { customerRef: 'C1', date: '2026-01-01', amount: 'a lot', currency: 'USD' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation', field: 'amount' });
  });

  it('serializes a response through its lazily compiled schema (unknown fields dropped)', async () => {
    const response = await t.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json()).sort()).toEqual(['database', 'redis', 'status']);
  });

  it('compiles every remaining validator and serializer without an error, once', async () => {
    const compiled = await t.app.compileDeferredSchemas();
    expect(compiled).toBeGreaterThan(100);
    expect(await t.app.compileDeferredSchemas()).toBe(0);
  });
});
