/**
 * The y-websocket wire protocol (the one the stock `WebsocketProvider` speaks), as message
 * constants and paired encode/decode functions. Every frame is `varUint type` + payload:
 *   0 sync:  varUint step (0 step1: varUint8Array state vector | 1 step2, 2 update: varUint8Array update)
 *   1 awareness: varUint8Array of [varUint count, (varUint clientID, varUint clock, varString JSON)*]
 *   2 auth (server → client only), 3 query-awareness (no payload)
 * Decoding never throws: a frame that is truncated, has trailing bytes or an unknown type comes
 * back as `{ ok: false, reason }`, so one bad client can only ever close its own socket.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

/** Most awareness entries one frame may carry (a client normally sends its own one). */
export const MAX_AWARENESS_ENTRIES = 16;

export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The raw JSON text of the state ('null' when the client left). */
  readonly json: string;
}

export type ClientMessage =
  | { readonly type: 'sync-step1'; readonly stateVector: Uint8Array }
  | { readonly type: 'sync-step2'; readonly update: Uint8Array }
  | { readonly type: 'sync-update'; readonly update: Uint8Array }
  | { readonly type: 'awareness'; readonly update: Uint8Array; readonly entries: readonly AwarenessEntry[] }
  | { readonly type: 'query-awareness' };

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function readAll<T>(data: Uint8Array, read: (decoder: decoding.Decoder) => T): Decoded<T> {
  try {
    const decoder = decoding.createDecoder(data);
    const value = read(decoder);
    if (decoding.hasContent(decoder)) return { ok: false, reason: `${data.length - decoder.pos} unexpected trailing bytes` };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'unreadable' };
  }
}

/** The entries of an awareness update (the varUint8Array payload of a type-1 message). */
export function decodeAwarenessUpdate(update: Uint8Array): Decoded<AwarenessEntry[]> {
  return readAll(update, (decoder) => {
    const count = decoding.readVarUint(decoder);
    if (count > MAX_AWARENESS_ENTRIES) throw new Error(`${count} awareness entries (max ${MAX_AWARENESS_ENTRIES})`);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) });
    }
    return entries;
  });
}

export function decodeClientMessage(frame: Uint8Array): Decoded<ClientMessage> {
  const decoded = readAll<ClientMessage | string>(frame, (decoder) => {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SyncStep.step1) return { type: 'sync-step1', stateVector: payload };
        if (step === SyncStep.step2) return { type: 'sync-step2', update: payload };
        if (step === SyncStep.update) return { type: 'sync-update', update: payload };
        return `unknown sync step ${step}`;
      }
      case MessageType.awareness:
        return { type: 'awareness', update: decoding.readVarUint8Array(decoder), entries: [] };
      case MessageType.queryAwareness:
        return { type: 'query-awareness' };
      default:
        return `unknown message type ${type}`;
    }
  });
  if (!decoded.ok) return decoded;
  if (typeof decoded.value === 'string') return { ok: false, reason: decoded.value };
  if (decoded.value.type !== 'awareness') return { ok: true, value: decoded.value };
  const entries = decodeAwarenessUpdate(decoded.value.update);
  if (!entries.ok) return { ok: false, reason: `awareness: ${entries.reason}` };
  return { ok: true, value: { ...decoded.value, entries: entries.value } };
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncStep.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });

export const encodeSyncStep2 = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncStep.step2);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeUpdate = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncStep.update);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeAwareness = (awarenessUpdate: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });

export const encodeQueryAwareness = (): Uint8Array => frame((e) => encoding.writeVarUint(e, MessageType.queryAwareness));

/** An awareness update payload from entries (the inverse of `decodeAwarenessUpdate`). */
export const encodeAwarenessEntries = (entries: readonly AwarenessEntry[]): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.json);
    }
  });
