/**
 * The webhook signature scheme, for our sender and for receivers to copy:
 *
 *   X-Cashlens-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * Signing the timestamp with the body lets a receiver refuse replays older than a tolerance
 * (five minutes by default). Several `v1=` values may appear while a secret is rotated; any one
 * matching is enough. Web Crypto only, so this runs in Node and browsers alike.
 */
export const SIGNATURE_HEADER = 'x-cashlens-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The header value for `body` sent at `timestampSeconds`. */
export async function signWebhook(secret: string, timestampSeconds: number, body: string): Promise<string> {
  return `t=${timestampSeconds},v1=${await hmacHex(secret, `${timestampSeconds}.${body}`)}`;
}

export interface ParsedSignature {
  readonly timestamp: number;
  readonly signatures: readonly string[];
}

export function parseSignatureHeader(header: string): ParsedSignature | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export type VerifyResult = { readonly ok: true; readonly timestamp: number } | { readonly ok: false; readonly reason: 'malformed' | 'too-old' | 'bad-signature' };

/** Checks a received webhook: header form, timestamp within tolerance of `nowSeconds`, then the MAC. */
export async function verifyWebhook(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): Promise<VerifyResult> {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return { ok: false, reason: 'too-old' };
  const expected = await hmacHex(secret, `${parsed.timestamp}.${body}`);
  return parsed.signatures.some((given) => constantTimeEqual(given, expected)) ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'bad-signature' };
}
