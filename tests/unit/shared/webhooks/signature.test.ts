import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSignatureHeader, signWebhook, verifyWebhook } from '../../../../shared/webhooks/signature.ts';
import { nextRetryDelayMs } from '../../../../shared/webhooks/webhook-events.ts';

const secret = 'whsec_test';
const body = '{"id":"e1","type":"invoice.created","data":{"invoiceNumber":"INV-1"}}';

describe('webhook signature', () => {
  it('is HMAC-SHA256 of "<t>.<body>" in hex, as documented for receivers', async () => {
    const header = await signWebhook(secret, 1_700_000_000, body);
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies within the tolerance and refuses tampering, other secrets, stale or malformed headers', async () => {
    const header = await signWebhook(secret, 1_700_000_000, body);
    expect(await verifyWebhook(secret, header, body, 1_700_000_100)).toEqual({ ok: true, timestamp: 1_700_000_000 });
    expect(await verifyWebhook(secret, header, body.replace('INV-1', 'INV-2'), 1_700_000_100)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verifyWebhook('whsec_other', header, body, 1_700_000_100)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verifyWebhook(secret, header, body, 1_700_000_301)).toEqual({ ok: false, reason: 'too-old' });
    expect(await verifyWebhook(secret, 'v1=abc', body, 1_700_000_000)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts any one of several v1 values (secret rotation)', async () => {
    const good = parseSignatureHeader(await signWebhook(secret, 1_700_000_000, body))!.signatures[0]!;
    const header = `t=1700000000,v1=${'0'.repeat(64)},v1=${good}`;
    expect((await verifyWebhook(secret, header, body, 1_700_000_000)).ok).toBe(true);
  });
});

describe('retry backoff', () => {
  it('doubles from the base, caps, and stops after the last attempt', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((attempt) => nextRetryDelayMs(attempt, policy))).toEqual([1000, 2000, 4000, 5000, undefined]);
  });
});
