import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

describe.each(databaseKinds())('API keys on %s', (kind) => {
  let t: TestApp;
  let admin: { cookie: string };
  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.loginAs('admin');
  });
  afterAll(() => t.close());

  const create = async (scopes: string[], name = 'ERP sync') => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: admin.cookie }, payload: { name, scopes } });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; key: string; prefix: string; lastUsedAt: string | null };
  };
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('creates a key shown once, stores only its hash and authenticates with it, stamping last use', async () => {
    const created = await create(['read']);
    expect(created.key).toMatch(/^clk_[\w-]{40,}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.lastUsedAt).toBeNull();

    const stored = await t.app.db.selectFrom('api_keys').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(created.key.slice(4));
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);

    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(created.key) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'api_key', id: created.id, name: 'ERP sync', role: 'api_read' });

    const list = await t.app.inject({ url: '/api/v1/api-keys', headers: { cookie: admin.cookie } });
    const listed = (list.json() as { id: string; lastUsedAt: string | null; key?: string }[]).find((k) => k.id === created.id);
    expect(listed?.lastUsedAt).not.toBeNull();
    expect(listed).not.toHaveProperty('key');
  });

  it('refuses a revoked key with 401 at once, and unknown keys too', async () => {
    const created = await create(['read', 'write-ledger']);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(created.key) })).statusCode).toBe(200);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${created.id}`, headers: { cookie: admin.cookie } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();

    const after = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(created.key) });
    expect(after.statusCode).toBe(401);
    const forged = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(`clk_${'A'.repeat(43)}`) });
    expect(forged.statusCode).toBe(401);
  });

  it('lets only admins manage keys; a key cannot manage keys', async () => {
    const finance = await t.loginAs('finance');
    expect((await t.app.inject({ url: '/api/v1/api-keys', headers: { cookie: finance.cookie } })).statusCode).toBe(403);
    const writer = await create(['write-ledger']);
    const byKey = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: bearer(writer.key), payload: { name: 'escalate', scopes: ['write-ledger'] } });
    expect(byKey.statusCode).toBe(403);
  });

  it('rejects bad input naming the field and stores nothing', async () => {
    const before = (await t.app.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const badScope = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: admin.cookie }, payload: { name: 'x', scopes: ['admin'] } });
    expect(badScope.statusCode).toBe(400);
    expect(badScope.json().field).toMatch(/^scopes/);
    const noName = await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: admin.cookie }, payload: { scopes: ['read'] } });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().field).toBe('name');
    const unknown = await t.app.inject({ method: 'DELETE', url: '/api/v1/api-keys/00000000-0000-4000-8000-000000000000', headers: { cookie: admin.cookie } });
    expect(unknown.statusCode).toBe(404);
    const after = (await t.app.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    expect(String(after)).toBe(String(before));
  });

  it('documents the integration routes and the bearer scheme in the OpenAPI spec', async () => {
    const spec = (await t.app.inject({ url: '/docs/json' })).json();
    expect(spec.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of ['/api/v1/api-keys', '/api/v1/webhooks', '/api/v1/webhooks/deliveries/{id}/replay', '/api/v1/imports/bank-statement', '/api/v1/imports/bank-csv', '/api/v1/bank/review', '/api/v1/bank/review/{id}/confirm', '/api/v1/exports/invoices.csv', '/api/v1/exports/statement.csv']) {
      expect(Object.keys(spec.paths), path).toContain(path);
    }
  });

  it('lets a write-ledger key import invoices from CSV, names it in the audit trail, and refuses a read key', async () => {
    const writer = await create(['read', 'write-ledger'], 'ERP import');
    const reader = await create(['read'], 'BI read');
    const csv = 'customer_ref,customer_name,invoice_number,issue_date,due_date,amount\nK-IMP-1,Keyed Imports Ltd,KI-1,2026-10-01,2026-10-31,1200.50\n';
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { ...bearer(reader.key), 'content-type': 'text/csv' }, payload: csv });
    expect(refused.statusCode).toBe(403);

    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { ...bearer(writer.key), 'content-type': 'text/csv' }, payload: csv });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ imported: 1, rejected: [] });
    const invoice = await t.app.ledger.findInvoice('KI-1');
    expect(invoice).toMatchObject({ amount: 120050, customerRef: 'K-IMP-1' });
    const audit = await t.app.db.selectFrom('audit_log').select('actor').where('command', '=', 'issueInvoice').where('subject_id', '=', invoice!.id).executeTakeFirst();
    expect(audit?.actor).toContain('api-key:ERP import');
  });
});
