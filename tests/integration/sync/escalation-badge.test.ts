import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionMaps } from '../../../shared/doc/session-doc.ts';
import type { Escalation } from '../../../shared/records/escalation.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices, join, listen, sessionWithLinks, waitFor, type Participant } from './sync-fixtures.ts';

describe.each(databaseKinds())('escalation badge on %s', (kind) => {
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

  it("writes 'escalation.created' into the team document only, live and for documents opened later", async () => {
    const sales = await t.loginAs('sales');
    const customer = await customerWithInvoices(t, { salesOwnerId: sales.userId, invoices: 2 });
    const [first, second] = customer.invoiceNumbers as [string, string];
    const { sessionId, mint } = await sessionWithLinks(t, sales.cookie, customer.ref);
    const idle = await sessionWithLinks(t, sales.cookie, customer.ref);
    const link = await mint('customer');
    const team = track(join(ws, sessionId, 'team', { cookie: sales.cookie }));
    const shared = track(join(ws, sessionId, 'shared', { cookie: sales.cookie }));
    const customerView = track(join(ws, sessionId, 'shared', { token: link.token }));
    await Promise.all([team.synced, shared.synced, customerView.synced]);

    await t.app.events.emit('escalation.created', { escalationId: 'task-esc-1', customerId: customer.id, invoiceNumbers: [first, second], reason: 'No response to three reminders' });
    const written = await waitFor(() => sessionMaps(team.doc).escalations.get(first), 5000, 'team document shows the escalation');
    expect(written).toMatchObject({ taskId: 'task-esc-1', invoiceNumbers: [first, second], reason: 'No response to three reminders' });
    expect(written.escalatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(sessionMaps(team.doc).escalations.get(second)?.taskId).toBe('task-esc-1');

    await t.app.sync.settled();
    expect(sessionMaps(shared.doc).escalations.size).toBe(0);
    expect(sessionMaps(customerView.doc).escalations.size).toBe(0);

    // The customer's other session was not open anywhere: its team document was loaded for the write.
    const later = track(join(ws, idle.sessionId, 'team', { cookie: sales.cookie }));
    await later.synced;
    await waitFor(() => sessionMaps(later.doc).escalations.get(first)?.taskId === 'task-esc-1', 5000, 'escalation in a document opened later');
    const laterShared = track(join(ws, idle.sessionId, 'shared', { token: (await idle.mint('customer')).token }));
    await laterShared.synced;
    expect(sessionMaps(laterShared.doc).escalations.size).toBe(0);
  });

  it('reverts any participant write to escalations, staff or customer, add, change or removal', async () => {
    const finance = await t.loginAs('finance');
    const customer = await customerWithInvoices(t, { invoices: 2 });
    const [first, second] = customer.invoiceNumbers as [string, string];
    const { sessionId, mint } = await sessionWithLinks(t, finance.cookie, customer.ref);
    const link = await mint('customer');
    const team = track(join(ws, sessionId, 'team', { cookie: finance.cookie }));
    const observer = track(join(ws, sessionId, 'team', { cookie: finance.cookie }));
    const customerView = track(join(ws, sessionId, 'shared', { token: link.token }));
    await Promise.all([team.synced, observer.synced, customerView.synced]);

    await t.app.events.emit('escalation.created', { escalationId: 'task-esc-2', customerId: customer.id, invoiceNumbers: [first], reason: 'Broken promise' });
    const original = await waitFor(() => sessionMaps(team.doc).escalations.get(first), 5000, 'escalation written');

    const forged: Escalation = { taskId: 'forged', invoiceNumbers: [second], reason: 'made up', escalatedAt: '2026-11-23T10:00:00.000Z' };
    sessionMaps(team.doc).escalations.set(second, forged);
    sessionMaps(team.doc).escalations.set(first, { ...original, reason: 'changed by a client' });
    await waitFor(() => !sessionMaps(team.doc).escalations.has(second), 5000, 'a client-added escalation reverted');
    await waitFor(() => sessionMaps(team.doc).escalations.get(first)?.reason === 'Broken promise', 5000, 'a client-changed escalation restored');

    sessionMaps(team.doc).escalations.delete(first);
    await waitFor(() => sessionMaps(team.doc).escalations.get(first)?.taskId === 'task-esc-2', 5000, 'a client-removed escalation restored');

    sessionMaps(customerView.doc).escalations.set(first, forged);
    await waitFor(() => !sessionMaps(customerView.doc).escalations.has(first), 5000, "the customer's write reverted");

    await t.app.sync.settled();
    // Another participant of the same document ends with only the server's entry.
    await waitFor(() => sessionMaps(observer.doc).escalations.get(first)?.reason === 'Broken promise', 5000, 'observer sees the server entry');
    expect([...sessionMaps(observer.doc).escalations.keys()]).toEqual([first]);
    expect(sessionMaps(team.doc).escalations.get(first)).toEqual(original);
  });
});
