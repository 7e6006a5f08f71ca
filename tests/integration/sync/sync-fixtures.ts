/**
 * Real clients for the sync tests: the stock y-websocket `WebsocketProvider` over the `ws`
 * package against a listening app, plus raw sockets for hostile frames, and a customer with
 * invoices in the real ledger.
 */
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TestApp } from '../../support/test-app.ts';

export interface Credentials {
  readonly cookie?: string;
  readonly token?: string;
  readonly origin?: string;
}

/** A `WebSocket` class for y-websocket that sends our headers (cookie, Origin) on the upgrade. */
export function socketClass(credentials: Credentials): typeof WebSocket {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.origin) headers.origin = credentials.origin;
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  } as typeof WebSocket;
}

export interface Participant {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves with the server's close code and reason when it closes us for good (44xx). */
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly synced: Promise<void>;
  destroy(): void;
}

export async function listen(app: FastifyInstance): Promise<string> {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return address.replace(/^http/, 'ws');
}

export function join(wsBase: string, sessionId: string, docName: 'team' | 'shared', credentials: Credentials, doc = new Y.Doc()): Participant {
  const provider = new WebsocketProvider(`${wsBase}/sync/${sessionId}`, docName, doc, {
    WebSocketPolyfill: socketClass(credentials) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
    ...(credentials.token ? { params: { token: credentials.token } } : {}),
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => provider.on('closed', (event) => resolve({ code: event.code, reason: event.reason })));
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (isSynced: boolean) => isSynced && resolve());
  });
  return {
    doc,
    provider,
    closed,
    synced,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A raw socket (for frames no honest client sends); resolves when open or closed. */
export function rawSocket(url: string, credentials: Credentials): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const Socket = socketClass(credentials);
  const socket = new Socket(url);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    socket.on('open', () => resolve({ socket, closed }));
    socket.on('error', reject);
  });
}

// Each WebsocketProvider adds a process 'exit' listener in Node; a test holds a few dozen.
process.setMaxListeners(100);

let counter = 0;

/** A customer (owned by `salesOwnerId`) with `invoices` issued through the real ledger. */
export async function customerWithInvoices(t: TestApp, options: { salesOwnerId?: string | null; invoices?: number } = {}) {
  const n = ++counter;
  const ref = `C${n}-${process.pid}`;
  const customer = await t.app.db
    .insertInto('customers')
    .values({ ref, name: `Customer ${n}`, currency: 'USD', sales_owner_id: options.salesOwnerId ?? null, credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: '[]' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const numbers: string[] = [];
  for (let i = 1; i <= (options.invoices ?? 2); i++) {
    const number = `INV-${n}-${i}-${process.pid}`;
    const issued = await t.app.ledger.issueInvoice(
      { actor: { kind: 'system', name: 'test' }, requestId: `test-${number}` },
      { customerRef: ref, number, issueDate: '2026-10-01', lines: [{ description: 'Pump service', quantity: 1, unitPrice: 125_00 * i }] },
    );
    if (!issued.ok) throw new Error(`issueInvoice: ${issued.error.message}`);
    numbers.push(number);
  }
  return { id: customer.id, ref, invoiceNumbers: numbers };
}

/** POST /sessions and a link, as the given staff cookie. */
export async function sessionWithLinks(t: TestApp, cookie: string, customerRef: string) {
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie }, payload: { customerRef, title: 'Collections call' } });
  if (created.statusCode !== 201) throw new Error(`create session: ${created.statusCode} ${created.body}`);
  const sessionId: string = created.json().id;
  const mint = async (role: 'customer' | 'viewer', expiresInHours = 24) => {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/sessions/${sessionId}/links`, headers: { cookie }, payload: { role, expiresInHours } });
    if (response.statusCode !== 201) throw new Error(`mint link: ${response.statusCode} ${response.body}`);
    return response.json() as { id: string; token: string; url: string };
  };
  return { sessionId, mint };
}
