import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { verifyWebhook } from '../../../shared/webhooks/signature.ts';

interface Received {
  readonly path: string;
  readonly at: number;
  readonly body: string;
  readonly signature: string;
  readonly deliveryId: string;
  /** /slow requests still open when this one arrived. */
  readonly slowOpen: number;
}

/** A real HTTP receiver: `/ok` answers 200, `/flaky` 500 twice then 200, `/down` always 500, `/slow` never. */
async function startReceiver() {
  const received: Received[] = [];
  const counts = new Map<string, number>();
  let slowOpen = 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, at: Date.now(), body, signature: String(request.headers['x-cashlens-signature']), deliveryId: String(request.headers['x-cashlens-delivery']), slowOpen });
      const seen = (counts.get(path) ?? 0) + 1;
      counts.set(path, seen);
      if (path === '/slow') {
        // Hold the request open: the sender must time out.
        slowOpen++;
        request.socket.once('close', () => slowOpen--);
        return;
      }
      const status = path === '/ok' ? 200 : path === '/flaky' ? (seen <= 2 ? 500 : 204) : 500;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const system = { actor: { kind: 'system' as const, name: 'webhook-test' }, requestId: 'test' };

describe.each(databaseKinds())('webhooks on %s', (kind) => {
  let t: TestApp;
  let admin: { cookie: string };
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secrets = new Map<string, string>();
  const subscriptionIds = new Map<string, string>();
  let invoiceCounter = 0;

  beforeAll(async () => {
    receiver = await startReceiver();
    // The receiver is on 127.0.0.1: private targets must be allowed explicitly.
    t = await startTestApp(kind, { webhookDelivery: { maxAttempts: 3, baseDelayMs: 150, maxDelayMs: 1_000, timeoutMs: 3_000, pollMs: 200 }, webhookAllowPrivateTargets: true });
    admin = await t.loginAs('admin');
    await t.app.db.insertInto('customers').values({ ref: 'HOOK', name: 'Hook Ltd', currency: 'EUR', credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: '[]' }).execute();
    // Warm the ledger up before any subscription exists, so the timing below measures delivery, not a cold start.
    expect((await t.app.ledger.issueInvoice(system, { customerRef: 'HOOK', number: `WH-${kind}-warm`, issueDate: '2026-11-01', currency: 'EUR', lines: [{ description: 'Warm-up', quantity: 1, unitPrice: 1 }] })).ok).toBe(true);
    for (const path of ['/ok', '/flaky', '/down', '/slow']) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: { cookie: admin.cookie }, payload: { url: `${receiver.base}${path}`, events: ['invoice.created'] } });
      expect(response.statusCode).toBe(201);
      secrets.set(path, response.json().secret);
      subscriptionIds.set(path, response.json().id);
    }
    const payments = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: { cookie: admin.cookie }, payload: { url: `${receiver.base}/ok`, events: ['payment.received'], description: 'payments only' } });
    secrets.set('payments', payments.json().secret);
    subscriptionIds.set('payments', payments.json().id);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const issueInvoice = async () => {
    const number = `WH-${kind}-${++invoiceCounter}`;
    const started = performance.now();
    const result = await t.app.ledger.issueInvoice(system, { customerRef: 'HOOK', number, issueDate: '2026-11-01', currency: 'EUR', lines: [{ description: 'Service', quantity: 1, unitPrice: 10_000 }] });
    expect(result.ok).toBe(true);
    return { number, elapsedMs: performance.now() - started };
  };
  const deliveriesOf = async (path: string) => {
    const response = await t.app.inject({ url: `/api/v1/webhooks/deliveries?subscriptionId=${subscriptionIds.get(path)}`, headers: { cookie: admin.cookie } });
    expect(response.statusCode).toBe(200);
    return response.json() as { id: string; eventId: string; status: string; attempts: number; replayOf: string | null }[];
  };

  it('delivers signed events, retries with backoff, marks a failing receiver failed, and never holds up the ledger', async () => {
    const { number, elapsedMs } = await issueInvoice();
    // The slow receiver is subscribed too, and the ledger command still returns well before its 3 s timeout.
    expect(elapsedMs).toBeLessThan(3_000);

    const ok = await waitFor(async () => receiver.received.find((r) => r.path === '/ok' && JSON.parse(r.body).data.invoiceNumber === number));
    const envelope = JSON.parse(ok.body);
    expect(envelope).toMatchObject({ type: 'invoice.created', data: { invoiceNumber: number } });
    const verified = await verifyWebhook(secrets.get('/ok')!, ok.signature, ok.body, Math.floor(Date.now() / 1000));
    expect(verified.ok).toBe(true);
    expect((await verifyWebhook(secrets.get('/flaky')!, ok.signature, ok.body, Math.floor(Date.now() / 1000))).ok).toBe(false);
    expect((await verifyWebhook(secrets.get('/ok')!, ok.signature, `${ok.body} `, Math.floor(Date.now() / 1000))).ok).toBe(false);

    // Flaky: 500, 500, then 2xx → delivered on the third attempt, same event id every time, growing gaps;
    // all while the slow receiver still holds its first request open (it does not delay the others).
    const flaky = await waitFor(async () => (await deliveriesOf('/flaky')).find((d) => d.status === 'delivered'));
    expect(flaky.attempts).toBe(3);
    const flakyHits = receiver.received.filter((r) => r.path === '/flaky');
    const slowStarted = receiver.received.find((r) => r.path === '/slow')!.at;
    // The first retry came while the slow receiver still held its request: it did not wait for that timeout.
    expect(flakyHits[1]!.at < slowStarted || flakyHits[1]!.slowOpen === 1).toBe(true);
    expect(flakyHits.map((r) => JSON.parse(r.body).id)).toEqual([envelope.id, envelope.id, envelope.id]);
    for (const hit of flakyHits) expect((await verifyWebhook(secrets.get('/flaky')!, hit.signature, hit.body, Math.floor(Date.now() / 1000))).ok).toBe(true);
    const gaps = [flakyHits[1]!.at - flakyHits[0]!.at, flakyHits[2]!.at - flakyHits[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(140);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);

    // Always 500: failed after three attempts, each in the log.
    const down = await waitFor(async () => (await deliveriesOf('/down')).find((d) => d.status === 'failed'));
    expect(down.attempts).toBe(3);
    const detail = (await t.app.inject({ url: `/api/v1/webhooks/deliveries/${down.id}`, headers: { cookie: admin.cookie } })).json();
    expect(detail.attemptLog).toHaveLength(3);
    expect(detail.attemptLog.map((a: { status: number }) => a.status)).toEqual([500, 500, 500]);

    // Never answers: each attempt times out and the delivery ends failed.
    const slow = await waitFor(async () => (await deliveriesOf('/slow')).find((d) => d.status === 'failed'), 30_000);
    const slowDetail = (await t.app.inject({ url: `/api/v1/webhooks/deliveries/${slow.id}`, headers: { cookie: admin.cookie } })).json();
    expect(slowDetail.attemptLog[0].error).toMatch(/timed out/);

    // Subscriptions filter by event: the payments-only subscription got nothing.
    expect(await deliveriesOf('payments')).toEqual([]);
  });

  it('replays a delivery with the same event id and body', async () => {
    const { number } = await issueInvoice();
    const first = await waitFor(async () => (await deliveriesOf('/ok')).find((d) => d.status === 'delivered' && receiver.received.some((r) => r.deliveryId === d.id && JSON.parse(r.body).data.invoiceNumber === number)));
    const replay = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/deliveries/${first.id}/replay`, headers: { cookie: admin.cookie } });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toMatchObject({ replayOf: first.id, eventId: first.eventId, status: 'pending' });
    const again = await waitFor(async () => receiver.received.find((r) => r.deliveryId === replay.json().id));
    expect(JSON.parse(again.body).id).toBe(first.eventId);
    expect(JSON.parse(again.body).data.invoiceNumber).toBe(number);
  });

  it('stops delivering to a removed subscription, its pending retries included, and refuses to replay to it', async () => {
    // A delivery to /down still retrying when the subscription goes.
    await issueInvoice();
    const retrying = await waitFor(async () => (await deliveriesOf('/down')).find((d) => d.status === 'pending' && d.attempts >= 1));
    const response = await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${subscriptionIds.get('/down')}`, headers: { cookie: admin.cookie } });
    expect(response.json().active).toBe(false);
    const removedBy = Date.now();
    const afterRemoval = await deliveriesOf('/down');
    expect(afterRemoval.filter((d) => d.status === 'pending')).toEqual([]);
    expect(afterRemoval.find((d) => d.id === retrying.id)?.status).toBe('failed');
    await issueInvoice();
    await waitFor(async () => ((await deliveriesOf('/ok')).length >= 4 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // longer than the retry delays
    const settled = await deliveriesOf('/down');
    expect(settled.map((d) => d.id).sort()).toEqual(afterRemoval.map((d) => d.id).sort());
    // An attempt already on the wire when the subscription went may still land (and is logged,
    // without reviving the delivery); no attempt starts after the removal.
    for (const delivery of settled) {
      expect(delivery.status).not.toBe('pending');
      expect(delivery.attempts - afterRemoval.find((d) => d.id === delivery.id)!.attempts).toBeLessThanOrEqual(1);
    }
    expect(receiver.received.filter((r) => r.path === '/down').length).toBe(settled.reduce((sum, d) => sum + d.attempts, 0));
    for (const delivery of settled) {
      const { attemptLog } = (await t.app.inject({ url: `/api/v1/webhooks/deliveries/${delivery.id}`, headers: { cookie: admin.cookie } })).json() as { attemptLog: { attemptedAt: string }[] };
      for (const attempt of attemptLog) expect(Date.parse(attempt.attemptedAt)).toBeLessThanOrEqual(removedBy);
    }
    const replay = await t.app.inject({ method: 'POST', url: `/api/v1/webhooks/deliveries/${retrying.id}/replay`, headers: { cookie: admin.cookie } });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().message).toMatch(/removed/);
  });

  it('rejects bad subscriptions naming the field, and non-admins', async () => {
    const badUrl = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: { cookie: admin.cookie }, payload: { url: 'ftp://example.com', events: ['invoice.created'] } });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().field).toBe('url');
    const badEvent = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: { cookie: admin.cookie }, payload: { url: 'https://example.com/h', events: ['invoice.eaten'] } });
    expect(badEvent.statusCode).toBe(400);
    expect(badEvent.json().field).toMatch(/^events/);
    const finance = await t.loginAs('finance');
    expect((await t.app.inject({ url: '/api/v1/webhooks', headers: { cookie: finance.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/webhooks', headers: { cookie: admin.cookie } })).json()).toHaveLength(5);
  });
});
