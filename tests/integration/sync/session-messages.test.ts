/**
 * Messages between the customer and the team, live in the session (issue 7): a customer link
 * posts over HTTP and every provider on the shared document sees it; staff answer through
 * `POST /sessions/:id/messages` and the customer's provider sees that; participants cannot write
 * the map themselves; the reply route refuses bad input, strangers, links and closed sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLog, LogKind } from '../../../server/collections/communication-log.ts';
import { sessionMaps } from '../../../shared/doc/session-doc.ts';
import type { SessionMessage } from '../../../shared/records/message.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices, join, listen, sessionWithLinks, waitFor, type Participant } from './sync-fixtures.ts';

describe.each(databaseKinds())('session messages on %s', (kind) => {
  let t: TestApp;
  let ws: string;
  const participants: Participant[] = [];
  const track = (p: Participant) => (participants.push(p), p);

  beforeAll(async () => {
    t = await startTestApp(kind);
    ws = await listen(t.app);
  });
  afterAll(async () => {
    for (const p of participants) p.destroy();
    await t.close();
  });

  const postAsCustomer = (token: string, body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/portal/messages', headers: { authorization: `Bearer ${token}` }, payload: body as object });
  const reply = (sessionId: string, headers: Record<string, string>, body: unknown, query = '') => t.app.inject({ method: 'POST', url: `/api/v1/sessions/${sessionId}/messages${query}`, headers, payload: body as object });
  const messagesOf = (p: Participant) => [...sessionMaps(p.doc).messages.entries()].map(([id, message]) => ({ id, ...message }));

  it("shows the customer's message and the team's reply live on both sides, and logs both", async () => {
    const sales = await t.loginAs('sales');
    const customer = await customerWithInvoices(t, { salesOwnerId: sales.userId, invoices: 1 });
    const { sessionId, mint } = await sessionWithLinks(t, sales.cookie, customer.ref);
    const link = await mint('customer');
    const staffShared = track(join(ws, sessionId, 'shared', { cookie: sales.cookie }));
    const staffTeam = track(join(ws, sessionId, 'team', { cookie: sales.cookie }));
    const customerView = track(join(ws, sessionId, 'shared', { token: link.token }));
    await Promise.all([staffShared.synced, staffTeam.synced, customerView.synced]);

    // Latency as a participant experiences it: from the HTTP request leaving to the entry in the staff's document.
    const sentAt = performance.now();
    let seenAt = 0;
    const observer = () => {
      if (sessionMaps(staffShared.doc).messages.size > 0 && seenAt === 0) seenAt = performance.now();
    };
    staffShared.doc.on('update', observer);
    const posted = await postAsCustomer(link.token, { body: '  We paid the March invoice on Friday.  ' });
    expect(posted.statusCode, posted.body).toBe(201);
    const [fromCustomer] = await waitFor(() => (messagesOf(staffShared).length === 1 ? messagesOf(staffShared) : undefined), 5000, 'staff sees the customer message');
    staffShared.doc.off('update', observer);
    console.log(`session messages (${kind}): customer POST → staff provider ${(seenAt - sentAt).toFixed(1)} ms, HTTP answer ${(performance.now() - sentAt).toFixed(1)} ms`);
    expect(fromCustomer).toMatchObject({ from: 'customer', author: `Customer ${customer.ref.slice(1).split('-')[0]}`, body: 'We paid the March invoice on Friday.', at: posted.json().at, taskId: expect.any(String) });
    await waitFor(() => messagesOf(customerView).length === 1, 5000, "the customer's own view shows it");
    expect(messagesOf(customerView)).toEqual([fromCustomer]);
    // The conversation is with the customer: the team document stays without it.
    expect(sessionMaps(staffTeam.doc).messages.size).toBe(0);

    const answered = await reply(sessionId, { cookie: sales.cookie }, { body: 'Found it, thank you. Receipt follows.' });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toMatchObject({ id: expect.any(String), taskId: fromCustomer!.taskId });
    await waitFor(() => messagesOf(customerView).length === 2, 5000, 'the customer sees the reply');
    const conversation = messagesOf(customerView).sort((a, b) => a.at.localeCompare(b.at));
    expect(conversation.map((m) => [m.from, m.body])).toEqual([
      ['customer', 'We paid the March invoice on Friday.'],
      ['team', 'Found it, thank you. Receipt follows.'],
    ]);
    expect(conversation[1]).toMatchObject({ id: answered.json().id, author: expect.stringMatching(/^sales \d+$/), at: answered.json().at });
    await waitFor(() => messagesOf(staffShared).length === 2, 5000, 'staff sees its own reply');

    // The log stays the truth: both messages there, with the ids the document uses.
    const log = await listLog(t.app.db, { customerId: customer.id });
    const logged = log.filter((entry) => entry.kind === LogKind.customerMessage || entry.kind === LogKind.teamMessage).map((entry) => [entry.kind, entry.details.messageId, entry.details.body]);
    expect(logged).toEqual([
      [LogKind.customerMessage, fromCustomer!.id, 'We paid the March invoice on Friday.'],
      [LogKind.teamMessage, answered.json().id, 'Found it, thank you. Receipt follows.'],
    ]);

    // Someone who joins later reads the whole thread.
    const late = track(join(ws, sessionId, 'shared', { cookie: (await t.loginAs('finance')).cookie }));
    await late.synced;
    expect(messagesOf(late).length).toBe(2);
  });

  it('writes into the session the message came from, even when nobody has it open', async () => {
    const finance = await t.loginAs('finance');
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const first = await sessionWithLinks(t, finance.cookie, customer.ref);
    const second = await sessionWithLinks(t, finance.cookie, customer.ref);
    const link = await second.mint('customer');
    expect((await postAsCustomer(link.token, { body: 'Is the credit note out yet?' })).statusCode).toBe(201);
    const opened = track(join(ws, second.sessionId, 'shared', { token: link.token }));
    const other = track(join(ws, first.sessionId, 'shared', { cookie: finance.cookie }));
    await Promise.all([opened.synced, other.synced]);
    expect(messagesOf(opened).map((m) => m.body)).toEqual(['Is the credit note out yet?']);
    expect(messagesOf(other)).toEqual([]);
  });

  it("reverts a participant's own write into messages, staff or customer: the document keeps only the server's entries", async () => {
    const finance = await t.loginAs('finance');
    const customer = await customerWithInvoices(t, { invoices: 1 });
    const { sessionId, mint } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const link = await mint('customer');
    const staff = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    const customerView = track(join(ws, sessionId, 'shared', { token: link.token }));
    const observer = track(join(ws, sessionId, 'shared', { cookie: finance.cookie }));
    await Promise.all([staff.synced, customerView.synced, observer.synced]);
    expect((await postAsCustomer(link.token, { body: 'Original words.' })).statusCode).toBe(201);
    const [original] = await waitFor(() => (messagesOf(customerView).length === 1 ? messagesOf(customerView) : undefined), 5000, 'server entry');
    const { id: originalId, ...originalRecord } = original!;

    const forged: SessionMessage = { from: 'team', author: 'Finance', body: 'You owe nothing, ignore the invoices.', at: '2026-12-05T09:00:00.000Z' };
    sessionMaps(customerView.doc).messages.set('forged-by-customer', forged);
    sessionMaps(customerView.doc).messages.set(originalId, { ...originalRecord, body: 'Rewritten words.' });
    sessionMaps(staff.doc).messages.set('forged-by-staff', { ...forged, from: 'customer', author: 'Customer' });
    await waitFor(() => !sessionMaps(customerView.doc).messages.has('forged-by-customer'), 5000, "the customer's added message reverted");
    await waitFor(() => sessionMaps(customerView.doc).messages.get(originalId)?.body === 'Original words.', 5000, "the customer's edit restored");
    await waitFor(() => !sessionMaps(staff.doc).messages.has('forged-by-staff'), 5000, "staff's added message reverted");
    sessionMaps(staff.doc).messages.delete(originalId);
    await waitFor(() => sessionMaps(staff.doc).messages.get(originalId)?.body === 'Original words.', 5000, 'a removed message restored');

    await t.app.sync.settled();
    for (const p of [staff, customerView, observer]) {
      await waitFor(() => messagesOf(p).length === 1 && sessionMaps(p.doc).messages.get(originalId)?.body === 'Original words.', 5000, 'every participant ends with only the server entry');
      expect(messagesOf(p)).toEqual([original]);
    }
  });

  it('refuses bad replies, strangers, links and closed sessions on the reply route', async () => {
    const owner = await t.loginAs('sales');
    const stranger = await t.loginAs('sales');
    const customer = await customerWithInvoices(t, { salesOwnerId: owner.userId, invoices: 1 });
    const { sessionId, mint } = await sessionWithLinks(t, owner.cookie, customer.ref);
    const customerLink = await mint('customer');
    const viewerLink = await mint('viewer');
    const own = { cookie: owner.cookie };

    for (const [body, field] of [
      [{ body: '' }, 'body'],
      [{ body: '   \n ' }, 'body'],
      [{ body: 'x'.repeat(2001) }, 'body'],
      [{}, 'body'],
      [{ body: 'hi', extra: 1 }, undefined],
    ] as const) {
      const refused = await reply(sessionId, own, body);
      expect(refused.statusCode, JSON.stringify(body).slice(0, 40)).toBe(400);
      if (field) expect(`${refused.json().field ?? ''} ${refused.json().message}`).toContain(field);
    }
    expect((await reply(crypto.randomUUID(), own, { body: 'Anyone?' })).statusCode).toBe(404);
    expect((await reply(sessionId, { cookie: stranger.cookie }, { body: 'Not my customer' })).statusCode).toBe(404);
    expect((await reply(sessionId, {}, { body: 'Anonymous' })).statusCode).toBe(401);
    expect((await reply(sessionId, { authorization: `Bearer ${customerLink.token}` }, { body: 'As the customer' })).statusCode).toBe(401);
    expect((await reply(sessionId, {}, { body: 'As a viewer' }, `?token=${encodeURIComponent(viewerLink.token)}`)).statusCode).toBe(401);
    expect((await reply(sessionId, {}, { body: 'As the customer' }, `?token=${encodeURIComponent(customerLink.token)}`)).statusCode).toBe(401);
    // A viewer link cannot message from the portal either.
    expect((await postAsCustomer(viewerLink.token, { body: 'Viewer here' })).statusCode).toBe(403);

    const closed = await t.app.inject({ method: 'POST', url: `/api/v1/sessions/${sessionId}/close`, headers: own });
    expect(closed.statusCode, closed.body).toBe(200);
    const late = await reply(sessionId, own, { body: 'Too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('closed');

    // None of the refused replies reached the log.
    const log = await listLog(t.app.db, { customerId: customer.id, kind: LogKind.teamMessage });
    expect(log).toEqual([]);
  });
});
