import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SyncCloseCode } from '../../../shared/doc/close-codes.ts';
import { sessionMaps, setPlacement } from '../../../shared/doc/index.ts';
import { encodeAwareness, encodeAwarenessEntries, encodeUpdate } from '../../../server/sync/protocol.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices, join, listen, rawSocket, sessionWithLinks, waitFor, type Participant } from './sync-fixtures.ts';

describe.each(databaseKinds())('sync refusals and hostile frames on %s', (kind) => {
  let t: TestApp;
  let ws: string;
  let finance: { cookie: string };
  let clockSkewMs = 0;
  let sessionId: string;
  let mint: Awaited<ReturnType<typeof sessionWithLinks>>['mint'];
  let honest: Participant;
  const extra: Participant[] = [];

  /** The honest participant still syncs: a write from a second honest client reaches it. */
  async function honestStillSyncs(label: string) {
    const other = join(ws, sessionId, 'shared', { cookie: finance.cookie });
    extra.push(other);
    await other.synced;
    setPlacement(other.doc, `invoice:${label}`, [0, 0, 0], [0, 0, 0, 1], 'other');
    await waitFor(() => sessionMaps(honest.doc).placements.has(`invoice:${label}`), 5000, `honest client after ${label}`);
  }

  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => new Date(Date.now() + clockSkewMs) });
    ws = await listen(t.app);
    finance = await t.loginAs('finance');
    const customer = await customerWithInvoices(t, { invoices: 1 });
    ({ sessionId, mint } = await sessionWithLinks(t, finance.cookie, customer.ref));
    honest = join(ws, sessionId, 'shared', { cookie: finance.cookie });
    honest.provider.awareness.setLocalState({ user: { id: 'fin', name: 'Finance', role: 'finance', color: '#112233' } });
    await honest.synced;
  });
  afterAll(async () => {
    for (const p of [honest, ...extra]) p.destroy();
    await t.close();
  });

  const url = (doc = 'shared', token?: string) => `${ws}/sync/${sessionId}/${doc}${token ? `?token=${encodeURIComponent(token)}` : ''}`;

  it('refuses a missing, forged, expired or revoked token with 4401', async () => {
    const none = await rawSocket(url(), {});
    expect(await none.closed).toMatchObject({ code: SyncCloseCode.unauthenticated });

    const link = await mint('customer', 1);
    const forged = link.token.slice(0, -4) + (link.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await (await rawSocket(url('shared', forged), {})).closed).toMatchObject({ code: SyncCloseCode.unauthenticated });

    clockSkewMs = 2 * 3600_000;
    try {
      const expired = join(ws, sessionId, 'shared', { token: link.token });
      extra.push(expired);
      const closed = await expired.closed;
      expect(closed.code).toBe(SyncCloseCode.unauthenticated);
      expect(closed.reason).toMatch(/share link/);
    } finally {
      clockSkewMs = 0;
    }

    const revoked = await mint('customer');
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/sessions/${sessionId}/links/${revoked.id}`, headers: { cookie: finance.cookie } });
    expect(del.statusCode).toBe(204);
    expect(await (await rawSocket(url('shared', revoked.token), {})).closed).toMatchObject({ code: SyncCloseCode.unauthenticated });
    await honestStillSyncs('after-bad-tokens');
  });

  it('closes an open socket at once when its link is revoked, and when it expires', async () => {
    const link = await mint('customer');
    const customer = join(ws, sessionId, 'shared', { token: link.token });
    extra.push(customer);
    await customer.synced;
    const started = performance.now();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/sessions/${sessionId}/links/${link.id}`, headers: { cookie: finance.cookie } });
    expect(del.statusCode).toBe(204);
    const closed = await customer.closed;
    expect(closed).toEqual({ code: SyncCloseCode.revoked, reason: 'the share link was revoked' });
    expect(performance.now() - started).toBeLessThan(1000);

    const shortLived = await mint('viewer', 1);
    const viewer = join(ws, sessionId, 'shared', { token: shortLived.token });
    extra.push(viewer);
    await viewer.synced;
    t.app.sync.setPingInterval(100);
    clockSkewMs = 2 * 3600_000;
    try {
      expect((await viewer.closed).code).toBe(SyncCloseCode.revoked);
    } finally {
      clockSkewMs = 0;
      t.app.sync.setPingInterval(30_000);
    }
    await honestStillSyncs('after-revocation');
  });

  it('refuses a wrong Origin, a customer asking for team, a stranger sales rep and an unknown document', async () => {
    const origin = await rawSocket(url(), { cookie: finance.cookie, origin: 'https://evil.example' });
    expect(await origin.closed).toEqual({ code: SyncCloseCode.forbidden, reason: 'origin not allowed' });
    const sameOrigin = join(ws, sessionId, 'shared', { cookie: finance.cookie, origin: ws.replace(/^ws/, 'http') });
    extra.push(sameOrigin);
    await sameOrigin.synced;

    const link = await mint('customer');
    const team = await rawSocket(url('team', link.token), {});
    const teamClosed = await team.closed;
    expect(teamClosed.code).toBe(SyncCloseCode.forbidden);
    expect(teamClosed.reason).toMatch(/shared document/);

    const stranger = await t.loginAs('sales');
    expect((await (await rawSocket(url('shared'), { cookie: stranger.cookie })).closed).code).toBe(SyncCloseCode.notFound);
    expect((await (await rawSocket(url('secret'), { cookie: finance.cookie })).closed).code).toBe(SyncCloseCode.notFound);
    await honestStillSyncs('after-refusals');
  });

  it('closes only the offending socket on garbage, text, truncated and oversize frames', async () => {
    const cases: Array<{ name: string; frame: Uint8Array | string; code: number }> = [
      { name: 'unknown type', frame: Uint8Array.of(9, 1, 2, 3), code: SyncCloseCode.malformed },
      { name: 'text frame', frame: 'hello', code: SyncCloseCode.malformed },
      { name: 'truncated sync', frame: Uint8Array.of(0, 2, 200), code: SyncCloseCode.malformed },
      { name: 'garbage update', frame: encodeUpdate(Uint8Array.of(255, 255, 255, 255, 1, 2, 3, 4, 5, 6, 7)), code: SyncCloseCode.malformed },
      { name: 'trailing bytes', frame: Uint8Array.of(3, 0, 0), code: SyncCloseCode.malformed },
      { name: 'oversize', frame: new Uint8Array(2 * 1024 * 1024 + 16), code: SyncCloseCode.messageTooBig },
    ];
    for (const testCase of cases) {
      const { socket, closed } = await rawSocket(url(), { cookie: finance.cookie });
      socket.send(testCase.frame);
      const result = await closed;
      expect({ name: testCase.name, code: result.code }).toEqual({ name: testCase.name, code: testCase.code });
      if (testCase.code === SyncCloseCode.malformed) expect(result.reason.length).toBeGreaterThan(0);
    }
    await honestStillSyncs('after-garbage');
  });

  it('refuses a forged awareness clientID and an oversize awareness state', async () => {
    await waitFor(() => honest.provider.awareness.getStates().size > 0, 2000, 'own presence');
    const link = await mint('customer');
    const { socket, closed } = await rawSocket(url('shared', link.token), {});
    const forged = encodeAwarenessEntries([{ clientId: honest.doc.clientID, clock: 999, json: JSON.stringify({ user: { id: 'x', name: 'Finance', role: 'finance', color: '#000000' } }) }]);
    socket.send(encodeAwareness(forged));
    const result = await closed;
    expect(result.code).toBe(SyncCloseCode.forbidden);
    expect(result.reason).toMatch(/belongs to another participant/);
    expect((honest.provider.awareness.getStates().get(honest.doc.clientID) as { user: { id: string } }).user.id).toBe('fin');

    const big = await rawSocket(url(), { cookie: finance.cookie });
    big.socket.send(encodeAwareness(encodeAwarenessEntries([{ clientId: 424242, clock: 1, json: JSON.stringify({ user: { id: 'x', name: 'y'.repeat(10_000), role: 'finance', color: '#000000' } }) }])));
    expect((await big.closed).code).toBe(SyncCloseCode.tooLarge);
    await honestStillSyncs('after-awareness');
  });

  it('drops a peer that stops answering pings', async () => {
    const baseline = t.app.sync.stats().connections;
    const socket = new WebSocket(url(), { headers: { cookie: finance.cookie }, autoPong: false });
    const closed = new Promise<number>((resolve) => socket.on('close', (code: number) => resolve(code)));
    await new Promise((resolve) => socket.on('open', resolve));
    await waitFor(() => t.app.sync.stats().connections === baseline + 1, 2000, 'connected');
    t.app.sync.setPingInterval(100);
    try {
      expect(await closed).toBe(1006);
      await waitFor(() => t.app.sync.stats().connections === baseline, 2000, 'dead peer removed');
    } finally {
      t.app.sync.setPingInterval(30_000);
    }
    await honestStillSyncs('after-dead-peer');
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });
});
