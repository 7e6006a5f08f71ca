/**
 * SSRF guard and the transactional outbox, with the DEFAULT setting (private targets refused):
 * - subscriptions to non-http(s) URLs and to hosts resolving to loopback, link-local, private or
 *   metadata addresses get a 400 naming `url`;
 * - a subscription whose host resolves inward at delivery time (DNS rebinding) is never reached;
 * - an event's outbox row exists iff the ledger posting that raised it committed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { isPublicAddress } from '../../../server/webhooks/webhook-target.ts';

const system = { actor: { kind: 'system' as const, name: 'webhook-guard-test' }, requestId: 'test' };

describe.each(databaseKinds())('webhook SSRF guard and transactional outbox on %s', (kind) => {
  let t: TestApp;
  let admin: { cookie: string };
  let receiver: http.Server;
  let hits = 0;
  let counter = 0;

  beforeAll(async () => {
    receiver = http.createServer((_request, response) => {
      hits++;
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t = await startTestApp(kind, { webhookDelivery: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100, timeoutMs: 2_000, pollMs: 100 } });
    admin = await t.loginAs('admin');
    await t.app.db.insertInto('customers').values({ ref: 'GUARD', name: 'Guard Ltd', currency: 'EUR', credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: '[]' }).execute();
  });
  afterAll(async () => {
    await t?.close();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const subscribe = (url: string) => t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: { cookie: admin.cookie }, payload: { url, events: ['invoice.created'] } });
  const issue = () =>
    t.app.ledger.issueInvoice(system, { customerRef: 'GUARD', number: `GUARD-${kind}-${++counter}`, issueDate: '2026-11-01', currency: 'EUR', lines: [{ description: 'Service', quantity: 1, unitPrice: 1_000 }] });

  it('refuses other schemes and inward hosts at subscription time, naming url', async () => {
    const port = (receiver.address() as AddressInfo).port;
    for (const url of [
      'ftp://example.com/hook',
      'file:///etc/passwd',
      `http://127.0.0.1:${port}/hook`,
      `http://localhost:${port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/hook',
      'http://192.168.0.10/hook',
      'http://172.20.0.1/hook',
      'http://[::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://0.0.0.0/hook',
    ]) {
      const response = await subscribe(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().field, url).toBe('url');
    }
    // A public address is accepted (an IP literal: no DNS needed in the test).
    expect((await subscribe('https://93.184.215.14/hook')).statusCode).toBe(201);
    expect(['8.8.8.8', '2606:4700::1111'].every(isPublicAddress)).toBe(true);
    expect(['100.64.0.1', 'fd00:ec2::254', '::', '224.0.0.1'].some(isPublicAddress)).toBe(false);
  });

  it('refuses at delivery time a host that has come to resolve inward (DNS rebinding)', async () => {
    // As if the name resolved publicly when subscribed: the row is written directly.
    const port = (receiver.address() as AddressInfo).port;
    const subscription = await t.app.db
      .insertInto('webhook_subscriptions')
      .values({ url: `http://localhost:${port}/rebound`, events: JSON.stringify(['invoice.created']), secret: 'whsec_test', description: 'rebound', created_by: 'test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    t.app.webhookSubscriptionsChanged();
    expect((await issue()).ok).toBe(true);
    const deadline = Date.now() + 10_000;
    let delivery: { status: string; last_error: string | null } | undefined;
    while (Date.now() < deadline) {
      delivery = await t.app.db.selectFrom('webhook_deliveries').select(['status', 'last_error']).where('subscription_id', '=', subscription.id).executeTakeFirst();
      if (delivery?.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(delivery?.status).toBe('failed');
    expect(delivery?.last_error).toMatch(/resolves to (127\.0\.0\.1|::1)/);
    expect(hits).toBe(0);
    await t.app.db.updateTable('webhook_subscriptions').set({ active: false }).where('id', '=', subscription.id).execute();
    t.app.webhookSubscriptionsChanged();
  });

  it('writes the outbox row in the posting transaction: both commit, or neither', async () => {
    const rowsFor = async (invoiceNumber: string) =>
      (await t.app.db.selectFrom('webhook_deliveries').select('payload').where('event', '=', 'invoice.created').execute()).filter((row) => (row.payload as { data: { invoiceNumber: string } }).data.invoiceNumber === invoiceNumber);

    // Committed posting → its outbox row is there as soon as the command returns.
    const committed = await issue();
    expect(committed.ok).toBe(true);
    expect(await rowsFor(`GUARD-${kind}-${counter}`)).toHaveLength(1);

    // A crash after the outbox write but before commit (a later in-transaction writer throws):
    // the posting rolls back and so does its outbox row.
    const crash = t.app.events.onWrite('invoice.created', t.app.db, async () => {
      throw new Error('simulated crash before commit');
    });
    try {
      await expect(issue()).rejects.toThrow('simulated crash');
    } finally {
      crash();
    }
    const lost = `GUARD-${kind}-${counter}`;
    expect(await t.app.db.selectFrom('invoices').select('id').where('number', '=', lost).executeTakeFirst()).toBeUndefined();
    expect(await rowsFor(lost)).toHaveLength(0);

    // A failed command (duplicate number) posts nothing and queues nothing.
    const before = (await t.app.db.selectFrom('webhook_deliveries').select('id').execute()).length;
    const duplicate = await t.app.ledger.issueInvoice(system, { customerRef: 'GUARD', number: `GUARD-${kind}-1`, issueDate: '2026-11-01', currency: 'EUR', lines: [{ description: 'Again', quantity: 1, unitPrice: 5 }] });
    expect(duplicate.ok).toBe(false);
    expect((await t.app.db.selectFrom('webhook_deliveries').select('id').execute()).length).toBe(before);
  });
});
