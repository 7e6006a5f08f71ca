/**
 * One webhook POST over node:http(s), so the connection's address lookup can be guarded (see
 * webhook-target.ts): a host that resolves inward at delivery time is refused before connecting.
 * Redirects are not followed; the response body is discarded.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { guardedLookup, isPublicAddress } from './webhook-target.ts';

export interface WebhookPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal: AbortSignal;
  readonly allowPrivate: boolean;
}

/** Resolves with the HTTP status; rejects on a refused target, network error, timeout or abort. */
export function postWebhook(post: WebhookPost): Promise<number> {
  const url = new URL(post.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`refused: ${url.protocol} URL`));
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!post.allowPrivate && net.isIP(host) && !isPublicAddress(host)) return Promise.reject(new Error(`refused: ${host} is a private, loopback or link-local address`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = client.request(
      url,
      { method: 'POST', headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) }, lookup: guardedLookup(post.allowPrivate), signal: post.signal },
      (response) => {
        response.resume();
        response.on('error', () => undefined);
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(post.body);
  });
}
