import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { defaultConfig } from '../../../server/config.ts';
import { openPostgres, type Database } from '../../../server/db/database.ts';
import { SyncCloseCode } from '../../../shared/doc/close-codes.ts';
import { flagDispute, sessionMaps, setPlacement } from '../../../shared/doc/index.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices, join, listen, sessionWithLinks, waitFor, type Participant } from './sync-fixtures.ts';

const redisUrl = process.env.TEST_REDIS_URL;

describe.skipIf(!redisUrl || !databaseKinds().includes('postgres'))('two instances through Redis on one PostgreSQL database', () => {
  let one: TestApp;
  let two: FastifyInstance;
  let twoDatabase: Database;
  let ws1: string;
  let ws2: string;
  let finance: { cookie: string };
  const participants: Participant[] = [];
  const track = (p: Participant) => (participants.push(p), p);

  beforeAll(async () => {
    one = await startTestApp('postgres', { redisUrl });
    twoDatabase = await openPostgres(one.database.location.databaseUrl!);
    two = await buildApp(defaultConfig({ seedDemo: false, logLevel: 'silent', redisUrl }), { database: twoDatabase });
    ws1 = await listen(one.app);
    ws2 = await listen(two);
    finance = await one.loginAs('finance');
  });
  afterAll(async () => {
    for (const p of participants) p.destroy();
    await two.close();
    await twoDatabase.close();
    await one.close();
  });

  const updateRows = async (sessionId: string) => Number((await one.app.db.selectFrom('sync_updates').select((eb) => eb.fn.countAll().as('n')).where('session_id', '=', sessionId).executeTakeFirstOrThrow()).n);

  it('converges clients on different instances, relays presence, and persists every update exactly once', async () => {
    const customer = await customerWithInvoices(one, { invoices: 1 });
    const { sessionId } = await sessionWithLinks(one, finance.cookie, customer.ref);
    const a = track(join(ws1, sessionId, 'shared', { cookie: finance.cookie }));
    const b = track(join(ws2, sessionId, 'shared', { cookie: finance.cookie }));
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalState({ user: { id: 'a', name: 'On one', role: 'finance', color: '#ff0000' } });
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID), 5000, 'presence across instances');

    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await updateRows(sessionId);
    for (let i = 0; i < 5; i++) {
      setPlacement(a.doc, `invoice:a${i}`, [i, 0, 0], [0, 0, 0, 1], 'a');
      setPlacement(b.doc, `invoice:b${i}`, [0, i, 0], [0, 0, 0, 1], 'b');
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await waitFor(() => sessionMaps(a.doc).placements.has('invoice:b4') && sessionMaps(b.doc).placements.has('invoice:a4'), 5000, 'both ways');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Ten edits, each flushed on its own (150 ms apart > the 50 ms batch): ten rows, not twenty.
    expect((await updateRows(sessionId)) - before).toBe(10);
  });

  it('bridges a dispute flagged on one instance and resolved on the other, and revokes a link everywhere', async () => {
    const customer = await customerWithInvoices(one, { invoices: 1 });
    const invoice = customer.invoiceNumbers[0]!;
    const { sessionId, mint } = await sessionWithLinks(one, finance.cookie, customer.ref);
    const link = await mint('customer');
    const phone = track(join(ws2, sessionId, 'shared', { token: link.token }));
    const desk = track(join(ws1, sessionId, 'shared', { cookie: finance.cookie }));
    await Promise.all([phone.synced, desk.synced]);
    flagDispute(phone.doc, { invoiceNumber: invoice, reason: 'pricing', note: 'too high', flaggedBy: 'Customer' });
    const open = await waitFor(() => (sessionMaps(desk.doc).disputes.get(invoice)?.status === 'open' ? sessionMaps(desk.doc).disputes.get(invoice) : undefined), 5000, 'open on the other instance');
    const started = performance.now();
    const resolved = await one.app.ledger.resolveDispute({ actor: { kind: 'system', name: 'test' }, requestId: 'r' }, open.disputeId!, { outcome: 'rejected', note: 'price as agreed' });
    expect(resolved.ok).toBe(true);
    await waitFor(() => sessionMaps(phone.doc).disputes.get(invoice)?.status === 'resolved', 5000, 'resolved on the phone via instance two');
    console.info(`redis: resolve on instance one → phone on instance two ${(performance.now() - started).toFixed(0)} ms`);

    const revoked = await one.app.inject({ method: 'DELETE', url: `/api/v1/sessions/${sessionId}/links/${link.id}`, headers: { cookie: finance.cookie } });
    expect(revoked.statusCode).toBe(204);
    expect((await phone.closed).code).toBe(SyncCloseCode.revoked);
  });

  it('ends a login and the sockets opened with it on every instance at once: logout, and a new role', async () => {
    const admin = await one.loginAs('admin');
    const customer = await customerWithInvoices(one, { invoices: 1 });
    const { sessionId } = await sessionWithLinks(one, finance.cookie, customer.ref);
    const member = await one.loginAs('finance');
    const otherLogin = await one.login(member.email, TEST_PASSWORD);
    const me = (app: FastifyInstance, cookie: string) => app.inject({ url: '/api/v1/auth/me', headers: { cookie } }).then((response) => response.statusCode);
    // Instance two now holds both logins in its session cache (5 s): only the control channel can end them sooner.
    expect([await me(two, member.cookie), await me(two, otherLogin)]).toEqual([200, 200]);
    const onTwo = track(join(ws2, sessionId, 'team', { cookie: member.cookie }));
    const otherOnTwo = track(join(ws2, sessionId, 'team', { cookie: otherLogin }));
    await Promise.all([onTwo.synced, otherOnTwo.synced]);

    let started = performance.now();
    expect((await one.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: member.cookie } })).statusCode).toBe(204);
    expect(await onTwo.closed).toEqual({ code: SyncCloseCode.unauthenticated, reason: 'logged out' });
    expect(await me(two, member.cookie)).toBe(401);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await me(two, otherLogin)).toBe(200);

    started = performance.now();
    expect((await one.app.inject({ method: 'PATCH', url: `/api/v1/users/${member.userId}`, headers: { cookie: admin.cookie }, payload: { role: 'sales' } })).statusCode).toBe(200);
    expect(await otherOnTwo.closed).toEqual({ code: SyncCloseCode.unauthenticated, reason: 'your account changed; log in again' });
    expect(await me(two, otherLogin)).toBe(401);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
