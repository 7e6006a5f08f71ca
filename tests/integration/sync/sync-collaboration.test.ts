import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { buildApp } from '../../../server/app.ts';
import { defaultConfig } from '../../../server/config.ts';
import { openPglite, openPostgres } from '../../../server/db/database.ts';
import { SyncCloseCode } from '../../../shared/doc/close-codes.ts';
import { addAnnotation, sessionMaps, setAnnotationResolved, setPlacement } from '../../../shared/doc/index.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices, join, listen, sessionWithLinks, waitFor, type Participant } from './sync-fixtures.ts';

describe.each(databaseKinds())('live session documents on %s', (kind) => {
  let t: TestApp;
  let ws: string;
  let finance: { cookie: string; userId: string };
  const participants: Participant[] = [];
  const track = (p: Participant) => (participants.push(p), p);

  beforeAll(async () => {
    t = await startTestApp(kind);
    ws = await listen(t.app);
    finance = await t.loginAs('finance');
  });
  afterAll(async () => {
    for (const p of participants) p.destroy();
    await t.close();
  });

  it('converges two and three participants (staff cookie and customer link) on the shared document', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId, mint } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const link = await mint('customer');
    const a = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    const b = track(join(ws, sessionId, 'shared', { token: link.token }));
    await Promise.all([a.synced, b.synced]);

    expect(setPlacement(a.doc, 'invoice:X', [0.1, 0, 0.2], [0, 0, 0, 1], 'finance').ok).toBe(true);
    expect(addAnnotation(b.doc, { id: 'note-b', authorId: link.id, authorName: 'Customer', target: { kind: 'space', ref: '' }, text: 'we paid half', position: [0, 1, 0] }).ok).toBe(true);
    await waitFor(() => sessionMaps(a.doc).annotations.has('note-b') && sessionMaps(b.doc).placements.has('invoice:X'), 5000, 'two-way sync');

    const c = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    await c.synced;
    await waitFor(() => sessionMaps(c.doc).annotations.has('note-b') && sessionMaps(c.doc).placements.has('invoice:X'), 5000, 'late joiner catches up');
    setPlacement(c.doc, 'invoice:X', [0.5, 0, 0.5], [0, 0, 0, 1], 'c');
    await waitFor(() => [a, b, c].every((p) => sessionMaps(p.doc).placements.get('invoice:X')?.by === 'c'), 5000, 'three converge');
    const states = [a, b, c].map((p) => Y.encodeStateVector(p.doc).toString());
    expect(new Set(states).size).toBe(1);
  });

  it('relays presence between participants and removes it when one leaves', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const a = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    const b = join(ws, sessionId, 'shared', { cookie: finance.cookie });
    a.provider.awareness.setLocalState({ user: { id: 'u-a', name: 'Ana', role: 'finance', color: '#ff8800' } });
    b.provider.awareness.setLocalState({ user: { id: 'u-b', name: 'Ben', role: 'finance', color: '#0088ff' }, head: { position: [0, 1.6, 0], quaternion: [0, 0, 0, 1] } });
    await waitFor(() => a.provider.awareness.getStates().get(b.doc.clientID), 5000, 'b presence at a');
    b.destroy();
    await waitFor(() => !a.provider.awareness.getStates().has(b.doc.clientID), 5000, 'b presence removed');
  });

  it('merges edits made offline when the participant reconnects', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const a = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    const b = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    await Promise.all([a.synced, b.synced]);
    b.provider.disconnect();
    addAnnotation(b.doc, { id: 'offline-b', authorId: finance.userId, authorName: 'B', target: { kind: 'space', ref: '' }, text: 'written in a dead zone', position: [0, 0, 0] });
    addAnnotation(a.doc, { id: 'online-a', authorId: finance.userId, authorName: 'A', target: { kind: 'space', ref: '' }, text: 'meanwhile', position: [0, 0, 0] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sessionMaps(a.doc).annotations.has('offline-b')).toBe(false);
    b.provider.connect();
    await waitFor(() => sessionMaps(a.doc).annotations.has('offline-b') && sessionMaps(b.doc).annotations.has('online-a'), 5000, 'offline merge');
  });

  it('lets a viewer sync but drops its writes', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId, mint } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const viewerLink = await mint('viewer');
    const staff = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    await staff.synced;
    setPlacement(staff.doc, 'product:pump', [0, 0, 0], [0, 0, 0, 1], 'finance');
    const viewer = track(join(ws, sessionId, 'shared', { token: viewerLink.token }));
    await viewer.synced;
    await waitFor(() => sessionMaps(viewer.doc).placements.has('product:pump'), 5000, 'viewer receives');
    addAnnotation(viewer.doc, { id: 'viewer-note', authorId: 'v', authorName: 'V', target: { kind: 'space', ref: '' }, text: 'I should not be here', position: [0, 0, 0] });
    setPlacement(staff.doc, 'invoice:after', [0, 0, 0], [0, 0, 0, 1], 'finance');
    await waitFor(() => sessionMaps(viewer.doc).placements.has('invoice:after'), 5000, 'viewer still receives');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sessionMaps(staff.doc).annotations.has('viewer-note')).toBe(false);
    const fresh = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    await fresh.synced;
    expect(sessionMaps(fresh.doc).annotations.has('viewer-note')).toBe(false);
    expect(sessionMaps(fresh.doc).placements.has('invoice:after')).toBe(true);
  });

  it('removes invalid records and server-only statuses written around the helpers', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const a = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    const b = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    await Promise.all([a.synced, b.synced]);
    const maps = sessionMaps(a.doc);
    (maps.placements as Y.Map<unknown>).set('invoice:bad', { position: [Number.MAX_VALUE, 0, 0], quaternion: [0, 0, 0, 1], by: 'x' });
    (maps.disputes as Y.Map<unknown>).set(customer.invoiceNumbers[0]!, { reason: 'pricing', note: '', flaggedBy: 'x', flaggedAt: new Date().toISOString(), status: 'resolved' });
    setPlacement(a.doc, 'invoice:good', [0, 0, 0], [0, 0, 0, 1], 'x');
    await waitFor(() => sessionMaps(b.doc).placements.has('invoice:good'), 5000, 'valid change relayed');
    await waitFor(() => !maps.placements.has('invoice:bad') && !maps.disputes.has(customer.invoiceNumbers[0]!), 5000, 'server reverted the sender');
    expect(sessionMaps(b.doc).placements.has('invoice:bad')).toBe(false);
    expect(sessionMaps(b.doc).disputes.size).toBe(0);
  });

  it("keeps annotations to their authors: no writing as someone else, no editing or removing another's note", async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId, mint } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const link = await mint('customer');
    const staff = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    const client = track(join(ws, sessionId, 'shared', { token: link.token }));
    await Promise.all([staff.synced, client.synced]);
    const note = (id: string, authorId: string) => ({ id, authorId, authorName: 'Someone', target: { kind: 'space' as const, ref: '' }, text: `note ${id}`, position: [0, 0, 0] as [number, number, number] });

    // The customer's link writes as the finance user, and as itself.
    expect(addAnnotation(client.doc, note('forged', finance.userId)).ok).toBe(true);
    expect(addAnnotation(client.doc, note('own', link.id)).ok).toBe(true);
    expect(addAnnotation(staff.doc, note('staff-note', finance.userId)).ok).toBe(true);
    await waitFor(() => sessionMaps(staff.doc).annotations.has('own') && sessionMaps(client.doc).annotations.has('staff-note'), 5000, 'own notes relayed');
    await waitFor(() => !sessionMaps(client.doc).annotations.has('forged'), 5000, 'forged note removed at its writer');
    expect(sessionMaps(staff.doc).annotations.has('forged')).toBe(false);

    // Someone else's note: text edits and removal are put back, marking it resolved is fine.
    const clientNotes = sessionMaps(client.doc).annotations;
    clientNotes.set('staff-note', { ...clientNotes.get('staff-note')!, text: 'rewritten by the customer' });
    await waitFor(() => clientNotes.get('staff-note')?.text === 'note staff-note', 5000, 'edit of another author reverted');
    clientNotes.set('own', { ...clientNotes.get('own')!, authorId: finance.userId });
    await waitFor(() => clientNotes.get('own')?.authorId === link.id, 5000, 'author change reverted');
    clientNotes.delete('staff-note');
    await waitFor(() => clientNotes.get('staff-note')?.text === 'note staff-note', 5000, 'removal of another author reverted');
    expect(setAnnotationResolved(client.doc, 'staff-note', true).ok).toBe(true);
    await waitFor(() => sessionMaps(staff.doc).annotations.get('staff-note')?.resolved === true, 5000, 'resolved by another participant');
    // The author edits and removes its own note.
    sessionMaps(staff.doc).annotations.delete('staff-note');
    await waitFor(() => !clientNotes.has('staff-note'), 5000, 'author removes its note');
    expect(sessionMaps(staff.doc).annotations.has('staff-note')).toBe(false);
    expect(sessionMaps(staff.doc).annotations.get('own')?.authorId).toBe(link.id);
  });

  it("closes a staff member's sockets when that login ends or the account changes, and nobody else's", async () => {
    const admin = await t.loginAs('admin');
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const member = await t.loginAs('finance');
    const secondTab = await t.login(member.email, TEST_PASSWORD);
    const firstTab = track(join(ws, sessionId, 'team', { cookie: member.cookie }));
    const otherTab = track(join(ws, sessionId, 'team', { cookie: secondTab }));
    const colleague = track(join(ws, sessionId, 'team', { cookie: finance.cookie }));
    await Promise.all([firstTab.synced, otherTab.synced, colleague.synced]);
    const reachesEveryone = async (from: Participant, to: Participant[], key: string) => {
      setPlacement(from.doc, key, [0, 0, 0], [0, 0, 0, 1], 'test');
      await waitFor(() => to.every((p) => sessionMaps(p.doc).placements.has(key)), 5000, `${key} delivered`);
    };

    // Logging out ends the sockets of that login only: the member's other tab stays.
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: member.cookie } });
    expect(logout.statusCode).toBe(204);
    expect(await firstTab.closed).toEqual({ code: SyncCloseCode.unauthenticated, reason: 'logged out' });
    await reachesEveryone(colleague, [otherTab], 'invoice:after-logout');

    // A new name changes no rights: sockets stay.
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${member.userId}`, headers: { cookie: admin.cookie }, payload: { name: 'Renamed' } });
    expect(renamed.statusCode).toBe(200);
    await reachesEveryone(colleague, [otherTab], 'invoice:after-rename');

    // A new role ends every login of the member, and the sockets opened with them.
    const demoted = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${member.userId}`, headers: { cookie: admin.cookie }, payload: { role: 'sales' } });
    expect(demoted.statusCode).toBe(200);
    expect(await otherTab.closed).toEqual({ code: SyncCloseCode.unauthenticated, reason: 'your account changed; log in again' });
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: secondTab } })).statusCode).toBe(401);
    await reachesEveryone(colleague, [colleague], 'invoice:colleague-still-here');
    expect(colleague.provider.wsconnected).toBe(true);
  });

  it('closes a socket at the next heartbeat when its login ended where no message reached this instance (an edit in SQL)', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const member = await t.loginAs('finance');
    const tab = track(join(ws, sessionId, 'team', { cookie: member.cookie }));
    const colleague = track(join(ws, sessionId, 'team', { cookie: finance.cookie }));
    await Promise.all([tab.synced, colleague.synced]);
    await t.app.db.deleteFrom('auth_sessions').where('user_id', '=', member.userId).execute();
    t.app.sync.setPingInterval(100);
    try {
      expect(await tab.closed).toEqual({ code: SyncCloseCode.unauthenticated, reason: 'your login ended; log in again' });
      setPlacement(colleague.doc, 'invoice:colleague-after-heartbeat', [0, 0, 0], [0, 0, 0, 1], 'test');
      const check = track(join(ws, sessionId, 'team', { cookie: finance.cookie }));
      await waitFor(() => sessionMaps(check.doc).placements.has('invoice:colleague-after-heartbeat'), 5000, 'the colleague still syncs');
    } finally {
      t.app.sync.setPingInterval(30_000);
    }
  });

  it("closes a sales rep's socket at the next heartbeat once the customer moved to another owner", async () => {
    const rep = await t.loginAs('sales');
    const successor = await t.loginAs('sales');
    const customer = await customerWithInvoices(t, { salesOwnerId: rep.userId, invoices: 1 });
    const { sessionId } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const repTab = track(join(ws, sessionId, 'team', { cookie: rep.cookie }));
    const colleague = track(join(ws, sessionId, 'team', { cookie: finance.cookie }));
    await Promise.all([repTab.synced, colleague.synced]);
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/customers/${customer.id}`, headers: { cookie: finance.cookie }, payload: { salesOwnerId: successor.userId } });
    expect(moved.statusCode, moved.body).toBe(200);
    t.app.sync.setPingInterval(100);
    try {
      expect(await repTab.closed).toEqual({ code: SyncCloseCode.forbidden, reason: "this session's customer is no longer yours" });
      expect(colleague.provider.wsconnected).toBe(true);
    } finally {
      t.app.sync.setPingInterval(30_000);
    }
  });

  it.runIf(kind === 'postgres')('keeps its sockets, and runs on, while the database is unreachable at a heartbeat', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const tab = track(join(ws, sessionId, 'team', { cookie: finance.cookie }));
    await tab.synced;
    const databaseUrl = new URL(t.database.location.databaseUrl!);
    const name = databaseUrl.pathname.slice(1);
    const admin = new pg.Client({ connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString() });
    await admin.connect();
    const connectionsBefore = t.app.sync.stats().connections;
    try {
      // A restart or failover: every connection dropped, new ones refused.
      await admin.query(`alter database ${name} allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      t.app.sync.setPingInterval(100);
      await new Promise((resolve) => setTimeout(resolve, 600)); // several heartbeats, each failing its check
      expect(tab.provider.wsconnected).toBe(true);
      expect(t.app.sync.stats().connections).toBe(connectionsBefore);
    } finally {
      t.app.sync.setPingInterval(30_000);
      await admin.query(`alter database ${name} allow_connections true`);
      await admin.end();
    }
    // Back: the pool reconnects and the session goes on.
    setPlacement(tab.doc, 'invoice:after-outage', [0, 0, 0], [0, 0, 0, 1], 'finance');
    const check = track(join(ws, sessionId, 'team', { cookie: finance.cookie }));
    await waitFor(() => sessionMaps(check.doc).placements.has('invoice:after-outage'), 10_000, 'syncs after the outage');
  });

  it('keeps the document across a restart on the same database, and after the last client left', async () => {
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const a = join(ws, sessionId, 'shared', { cookie: finance.cookie });
    await a.synced;
    for (let i = 0; i < 30; i++) setPlacement(a.doc, `invoice:${i}`, [i / 10, 0, 0], [0, 0, 0, 1], 'finance');
    await waitFor(() => t.app.sync.isLoaded(sessionId, 'shared'), 2000, 'loaded');
    a.destroy();
    await waitFor(() => !t.app.sync.isLoaded(sessionId, 'shared'), 5000, 'unloaded after the last client left');
    const b = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    await b.synced;
    await waitFor(() => sessionMaps(b.doc).placements.size === 30, 5000, 'reloaded from SQL');
    // An edit right before a graceful shutdown must survive it (flushed on close, not lost in the 50 ms window).
    setPlacement(b.doc, 'invoice:last-second', [1, 1, 1], [0, 0, 0, 1], 'finance');
    await waitFor(() => t.app.sync.isLoaded(sessionId, 'shared'), 1000, 'loaded');
    await new Promise((resolve) => setTimeout(resolve, 20));
    b.provider.disconnect();
    await t.app.close();

    const location = t.database.location;
    const database = location.dataDir ? await openPglite(location.dataDir) : await openPostgres(location.databaseUrl!);
    const again = await buildApp(defaultConfig({ seedDemo: false, logLevel: 'silent', dataDir: location.dataDir ?? defaultConfig().dataDir }), { database });
    try {
      const wsAgain = await listen(again);
      const login = await again.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: (await again.db.selectFrom('users').select('email').where('role', '=', 'finance').executeTakeFirstOrThrow()).email, password: 'correct horse battery' } });
      const cookie = `cashlens_session=${login.cookies.find((c) => c.name === 'cashlens_session')!.value}`;
      const c = join(wsAgain, sessionId, 'shared', { cookie });
      await c.synced;
      await waitFor(() => sessionMaps(c.doc).placements.size === 31, 5000, 'document after restart');
      expect(sessionMaps(c.doc).placements.get('invoice:last-second')?.position).toEqual([1, 1, 1]);
      c.destroy();
    } finally {
      await again.close();
      await database.close();
      // startTestApp's close() would close the first app again; drop the database directly.
      t = { ...t, close: () => t.database.destroy() };
    }
  });
});
