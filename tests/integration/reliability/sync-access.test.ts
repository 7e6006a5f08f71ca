/**
 * Issue 9, the access matrix of the sync documents: `team` and `shared` of customer A's session
 * × every role (anonymous, A's customer and viewer links, B's customer link, owning and stranger
 * sales rep, finance, admin, both API key scopes, an expired and a revoked link). A writer's edit
 * reaches a finance observer; a viewer syncs but its edit is dropped; everyone else is closed
 * with the expected code. Revoking a link or letting it expire closes its open socket.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncCloseCode } from '../../../shared/doc/close-codes.ts';
import { addAnnotation, sessionMaps, setPlacement } from '../../../shared/doc/index.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { buildAccessWorld, type AccessWorld, type ShareLink } from '../../support/access-world.ts';
import { closeOf, syncExpectations, syncRoles, type SyncDocName, type SyncRole } from '../../support/access-sync.ts';
import { join, listen, waitFor, type Credentials, type Participant } from '../sync/sync-fixtures.ts';

const docs: readonly SyncDocName[] = ['team', 'shared'];

describe.each(databaseKinds())('sync document access matrix on %s', (kind) => {
  let t: TestApp;
  let w: AccessWorld;
  let ws: string;
  let clockSkewMs = 0;
  let expiring: ShareLink;
  let revoked: ShareLink;
  const observers = {} as Record<SyncDocName, Participant>;
  const participants: Participant[] = [];
  const teamNote = `TEAM-ONLY-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => new Date(Date.now() + clockSkewMs) });
    ws = await listen(t.app);
    w = await buildAccessWorld(t);
    expiring = await w.mintA('customer', 1);
    revoked = await w.mintA('customer');
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/sessions/${w.a.sessionId}/links/${revoked.id}`, headers: { cookie: w.staff.finance.cookie } });
    if (del.statusCode !== 204) throw new Error(`revoke: ${del.statusCode}`);
    for (const doc of docs) {
      observers[doc] = join(ws, w.a.sessionId, doc, { cookie: w.staff.finance.cookie });
      await observers[doc].synced;
    }
    addAnnotation(observers.team.doc, { id: 'internal-note', authorId: 'finance', authorName: 'Finance', target: { kind: 'space', ref: '' }, text: `${teamNote}: will accept 60% settlement`, position: [0, 0, 0] });
  });
  afterAll(async () => {
    for (const participant of [...participants, ...Object.values(observers)]) participant.destroy();
    await t?.close();
  });

  /** Cookie, `?token=` or `Authorization` for a role (links go as the client sends them: `?token=`). */
  function credentialsOf(role: SyncRole): { credentials: Credentials; headers: Record<string, string>; token?: string } {
    const token = { customerLink: w.links.customerA.token, otherCustomerLink: w.links.customerB.token, viewerLink: w.links.viewerA.token, expiredLink: expiring.token, revokedLink: revoked.token }[role as string];
    if (token) return { credentials: { token }, headers: {}, token };
    if (role === 'apiRead' || role === 'apiWriteLedger') return { credentials: {}, headers: { authorization: `Bearer ${role === 'apiRead' ? w.apiKeys.read : w.apiKeys.writeLedger}` } };
    if (role === 'anonymous') return { credentials: {}, headers: {} };
    const cookie = w.staff[role as keyof AccessWorld['staff']].cookie;
    return { credentials: { cookie }, headers: { cookie } };
  }

  /** Joins, writes a placement, and reports whether the observer got it and whether the role reads the observer's writes. */
  async function probe(doc: SyncDocName, role: SyncRole): Promise<'write' | 'read'> {
    const participant = join(ws, w.a.sessionId, doc, credentialsOf(role).credentials);
    participants.push(participant);
    await Promise.race([participant.synced, participant.closed.then((closed) => Promise.reject(new Error(`${doc} as ${role}: closed ${closed.code} ${closed.reason}`)))]);
    const written = `invoice:by-${role}`;
    const seen = `invoice:seen-by-${role}`;
    setPlacement(participant.doc, written, [1, 0, 0], [0, 0, 0, 1], role);
    setPlacement(observers[doc].doc, seen, [0, 1, 0], [0, 0, 0, 1], 'finance');
    await waitFor(() => sessionMaps(participant.doc).placements.has(seen), 5000, `${doc} as ${role} receives the observer's write`);
    const reached = await waitFor(() => sessionMaps(observers[doc].doc).placements.has(written), 1500, 'write').then(
      () => true,
      () => false,
    );
    if (doc === 'shared') expect(JSON.stringify(participant.doc.toJSON()), `${role} on shared sees a team note`).not.toContain(teamNote);
    participant.destroy();
    return reached ? 'write' : 'read';
  }

  async function refusal(doc: SyncDocName, role: SyncRole): Promise<number> {
    const { headers, token } = credentialsOf(role);
    const url = `${ws}/sync/${w.a.sessionId}/${doc}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    if (role === 'expiredLink') clockSkewMs = 3600_000 + 1000;
    try {
      const closed = await closeOf(url, headers);
      expect(closed.opened, `${doc} as ${role}: the upgrade itself is accepted (101), then closed`).toBe(true);
      return closed.code;
    } finally {
      clockSkewMs = 0;
    }
  }

  it('lets exactly the expected roles write, read or connect to team and shared', async () => {
    const started = performance.now();
    const wrong: string[] = [];
    let cells = 0;
    for (const doc of docs) {
      for (const role of syncRoles) {
        const expected = syncExpectations[doc][role];
        const got = typeof expected === 'number' ? await refusal(doc, role) : await probe(doc, role);
        cells++;
        if (got !== expected) wrong.push(`${doc} as ${role}: expected ${expected}, got ${got}`);
      }
    }
    console.log(`sync access matrix (${kind}): ${cells} doc × role cells (${docs.length} documents × ${syncRoles.length} roles) in ${Math.round(performance.now() - started)} ms`);
    expect(wrong).toEqual([]);
    expect(sessionMaps(observers.shared.doc).placements.has('invoice:by-viewerLink')).toBe(false);
  });

  it('closes an open link socket at once when the link is revoked, and at the next heartbeat once it expired', async () => {
    const link = await w.mintA('customer');
    const customer = join(ws, w.a.sessionId, 'shared', { token: link.token });
    participants.push(customer);
    await customer.synced;
    const started = performance.now();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/sessions/${w.a.sessionId}/links/${link.id}`, headers: { cookie: w.staff.salesOwner.cookie } });
    expect(del.statusCode).toBe(204);
    expect((await customer.closed).code).toBe(SyncCloseCode.revoked);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await closeOf(`${ws}/sync/${w.a.sessionId}/shared?token=${encodeURIComponent(link.token)}`, {})).toMatchObject({ code: SyncCloseCode.unauthenticated });

    const shortLived = await w.mintA('viewer', 1);
    const viewer = join(ws, w.a.sessionId, 'shared', { token: shortLived.token });
    participants.push(viewer);
    await viewer.synced;
    t.app.sync.setPingInterval(100);
    clockSkewMs = 3600_000 + 1000;
    try {
      expect((await viewer.closed).code).toBe(SyncCloseCode.revoked);
    } finally {
      clockSkewMs = 0;
      t.app.sync.setPingInterval(30_000);
    }
    // The observers (staff) were not touched by either.
    setPlacement(observers.team.doc, 'invoice:still-live', [0, 0, 0], [0, 0, 0, 1], 'finance');
    const fresh = join(ws, w.a.sessionId, 'team', { cookie: w.staff.admin.cookie });
    participants.push(fresh);
    await waitFor(() => sessionMaps(fresh.doc).placements.has('invoice:still-live'), 5000, 'staff still sync');
  });
});
