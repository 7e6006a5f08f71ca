/**
 * The sync half of the access matrix (issue 9): who may open `/sync/:sessionId/team` and
 * `/shared` of customer A's session, who only reads, and which close code refuses the rest.
 * Every upgrade is accepted (HTTP 101) and refused, when it is, by a close code from
 * shared/doc/close-codes.ts, so the outcome of a refused cell is that code.
 */
import WebSocket from 'ws';
import { SyncCloseCode } from '../../shared/doc/close-codes.ts';

export const syncRoles = [
  'anonymous',
  'customerLink',
  'otherCustomerLink',
  'viewerLink',
  'salesOwner',
  'salesOther',
  'finance',
  'admin',
  'apiRead',
  'apiWriteLedger',
  'expiredLink',
  'revokedLink',
] as const;
export type SyncRole = (typeof syncRoles)[number];
export type SyncDocName = 'team' | 'shared';

/** `write`: syncs and its edits reach others; `read`: syncs, its edits are dropped; else the close code. */
export type SyncOutcome = 'write' | 'read' | SyncCloseCode;

const { unauthenticated, forbidden, notFound } = SyncCloseCode;
const refusedAlways = { anonymous: unauthenticated, apiRead: forbidden, apiWriteLedger: forbidden, expiredLink: unauthenticated, revokedLink: unauthenticated } as const;

export const syncExpectations: Readonly<Record<SyncDocName, Readonly<Record<SyncRole, SyncOutcome>>>> = {
  team: { ...refusedAlways, customerLink: forbidden, otherCustomerLink: forbidden, viewerLink: forbidden, salesOwner: 'write', salesOther: notFound, finance: 'write', admin: 'write' },
  shared: { ...refusedAlways, customerLink: 'write', otherCustomerLink: notFound, viewerLink: 'read', salesOwner: 'write', salesOther: notFound, finance: 'write', admin: 'write' },
};

/** Opens a socket with any headers (API keys go as `Authorization`) and resolves with how the server closed it. */
export function closeOf(url: string, headers: Record<string, string>, timeoutMs = 5000): Promise<{ opened: boolean; code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    let opened = false;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`${url.split('?')[0]}: still open after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('open', () => (opened = true));
    socket.on('error', () => undefined);
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ opened, code, reason: reason.toString() });
    });
  });
}
