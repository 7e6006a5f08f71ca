/**
 * Share-link tokens: `<linkId>.<expiresAtSeconds>.<signature>`, the signature an HMAC-SHA256 of
 * the first two parts under the app secret. A valid signature proves we minted it and when it
 * expires; the database still decides whether the link was revoked. Comparison is constant-time.
 * Tokens are never stored, so a leaked database leaks no usable link.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  readonly linkId: string;
  readonly expiresAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`cashlens-share-link:${payload}`).digest();
}

export function signShareToken(secret: string, claims: TokenClaims): string {
  const payload = `${claims.linkId}.${Math.floor(claims.expiresAt.getTime() / 1000)}`;
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

export type TokenCheck = { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' | 'expired' };

/** Checks form, signature and expiry; says nothing about revocation (that is the database's). */
export function verifyShareToken(secret: string, token: string, now: Date): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 200) return { ok: false, reason: 'malformed' };
  const [linkId, expires, signature] = parts as [string, string, string];
  if (!UUID.test(linkId) || !/^\d{1,12}$/.test(expires)) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(secret, `${linkId}.${expires}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  const expiresAt = new Date(Number(expires) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { linkId, expiresAt } };
}
