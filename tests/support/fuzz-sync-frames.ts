/**
 * Frames for fuzzing `/sync/:sessionId/:doc`: well-formed but odd ones a connection survives
 * (real sync steps, small real updates, its own presence, presence the schema drops) and hostile
 * ones the server must answer by closing that socket (garbage, wrong varints, truncation, huge
 * length prefixes, foreign or oversized awareness, text, > 2 MiB). Every frame is drawn from a
 * seeded `Random`, so a run reproduces.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { encodeAwareness, encodeAwarenessEntries, encodeQueryAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../server/sync/protocol.ts';
import type { Random } from './fuzz-random.ts';

export const HOSTILE_KINDS = [
  'random-bytes',
  'empty',
  'text',
  'unknown-type',
  'unknown-sync-step',
  'truncated',
  'trailing-bytes',
  'huge-length-prefix',
  'overlong-varint',
  'garbage-update',
  'mutated-update',
  'garbage-state-vector',
  'garbage-awareness',
  'foreign-awareness',
  'too-many-awareness-ids',
  'oversized-awareness',
  'awareness-not-json',
  'oversized-frame',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export const BENIGN_KINDS = ['step1', 'step2-empty', 'query-awareness', 'own-presence', 'invalid-presence', 'placement-update', 'junk-record-update'] as const;
export type BenignKind = (typeof BENIGN_KINDS)[number];

export interface FuzzFrame<K extends string> {
  readonly kind: K;
  readonly data: Uint8Array | string;
}

/** Over the `ws` maxPayload of 2 MiB (server/app.ts MAX_SYNC_MESSAGE_BYTES). */
const OVERSIZED_BYTES = 2 * 1024 * 1024 + 64;

const bytesOf = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};

const presence = (random: Random, role = 'finance') => ({
  user: { id: `fuzz-${random.int(1000)}`, name: random.pick(['Ana', 'Bo', 'Fuzz']), role, color: '#aabbcc' },
  head: { position: [random.next(), random.next(), random.next()], quaternion: [0, 0, 0, 1] },
});

/** One hostile connection's generator: it owns a clientID, a presence clock and a scratch document. */
export class SyncFrameFuzzer {
  readonly clientId: number;
  private clock = 0;
  private readonly scratch: Y.Doc;

  constructor(
    private readonly random: Random,
    /** ClientIDs of honest participants (for forged awareness). */
    private readonly foreignClientIds: () => readonly number[],
  ) {
    this.clientId = random.between(1, 2 ** 31 - 1);
    this.scratch = new Y.Doc();
    this.scratch.clientID = this.clientId;
  }

  destroy(): void {
    this.scratch.destroy();
  }

  private update(write: (doc: Y.Doc) => void): Uint8Array {
    const before = Y.encodeStateVector(this.scratch);
    write(this.scratch);
    return Y.encodeStateAsUpdate(this.scratch, before);
  }

  /** A real update: placements are overwritten under a few keys so the document stays small. */
  private placementUpdate(): Uint8Array {
    return this.update((doc) => doc.getMap('placements').set(`product:fuzz-${this.random.int(8)}`, { position: [this.random.next(), 0, 0], quaternion: [0, 0, 0, 1], by: 'fuzz' }));
  }

  benign(): FuzzFrame<BenignKind> {
    const random = this.random;
    const kind = random.pick(BENIGN_KINDS);
    switch (kind) {
      case 'step1':
        return { kind, data: encodeSyncStep1(Y.encodeStateVector(this.scratch)) };
      case 'step2-empty':
        return { kind, data: encodeSyncStep2(this.update(() => {})) };
      case 'query-awareness':
        return { kind, data: encodeQueryAwareness() };
      case 'own-presence':
        return { kind, data: encodeAwareness(encodeAwarenessEntries([{ clientId: this.clientId, clock: ++this.clock, json: JSON.stringify(presence(random)) }])) };
      case 'invalid-presence': {
        const junk = random.pick([{ user: 1 }, { user: { id: 'x', name: 'y', role: 'emperor', color: 'red' } }, [1, 2], 'str', { head: { position: 'up' } }]);
        return { kind, data: encodeAwareness(encodeAwarenessEntries([{ clientId: this.clientId, clock: ++this.clock, json: JSON.stringify(junk) }])) };
      }
      case 'placement-update':
        return { kind, data: encodeUpdate(this.placementUpdate()) };
      case 'junk-record-update':
        // Valid Yjs, invalid record: the server reverts it and keeps the socket.
        return {
          kind,
          data: encodeUpdate(this.update((doc) => doc.getMap(random.pick(['placements', 'disputes', 'annotations', 'escalations'])).set(`fuzz-${random.int(4)}`, random.pick([42, 'junk', { status: 'open' }, [null]])))),
        };
    }
  }

  hostile(): FuzzFrame<HostileKind> {
    const random = this.random;
    let kind = random.pick(HOSTILE_KINDS);
    // Frames over 1 MiB cost the client more than the server; a few of them say enough.
    while ((kind === 'oversized-frame' || kind === 'oversized-awareness') && random.chance(0.6)) kind = random.pick(HOSTILE_KINDS);
    const valid = () => this.benign().data as Uint8Array;
    switch (kind) {
      case 'random-bytes':
        return { kind, data: random.bytes(random.between(1, 512)) };
      case 'empty':
        return { kind, data: new Uint8Array(0) };
      case 'text':
        return { kind, data: random.text(200) || 'x' };
      case 'unknown-type':
        return { kind, data: bytesOf((e) => (encoding.writeVarUint(e, random.pick([2, 4, 5, 127, 128, 2 ** 32, 2 ** 53 - 1])), encoding.writeUint8Array(e, random.bytes(random.int(16))))) };
      case 'unknown-sync-step':
        return { kind, data: bytesOf((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, random.between(3, 1000)), encoding.writeVarUint8Array(e, random.bytes(4)))) };
      case 'truncated': {
        const frame = encodeUpdate(this.placementUpdate());
        return { kind, data: frame.subarray(0, random.between(1, frame.length - 1)) };
      }
      case 'trailing-bytes': {
        const frame = valid();
        const out = new Uint8Array(frame.length + random.between(1, 32));
        out.set(frame);
        out.fill(random.between(1, 255), frame.length);
        return { kind, data: out };
      }
      case 'huge-length-prefix':
        return { kind, data: bytesOf((e) => (encoding.writeVarUint(e, random.pick([0, 1])), random.chance(0.5) && encoding.writeVarUint(e, 2), encoding.writeVarUint(e, random.pick([2 ** 31, 2 ** 32 + 5, 2 ** 52, 2 ** 53 - 1, 100_000_000])), encoding.writeUint8Array(e, random.bytes(random.int(64))))) };
      case 'overlong-varint': {
        const out = new Uint8Array(random.between(8, 40)).fill(0xff);
        out[0] = random.pick([0x80, 0xff, 0x81]);
        return { kind, data: out };
      }
      case 'garbage-update':
        return { kind, data: encodeUpdate(random.bytes(random.between(1, 300))) };
      case 'mutated-update': {
        const update = Uint8Array.from(this.placementUpdate());
        for (let i = random.between(1, 4); i > 0; i--) update[random.int(update.length)] = random.int(256);
        return { kind, data: encodeUpdate(update) };
      }
      case 'garbage-state-vector':
        return { kind, data: encodeSyncStep1(random.bytes(random.between(1, 64))) };
      case 'garbage-awareness':
        return { kind, data: encodeAwareness(random.bytes(random.between(1, 200))) };
      case 'foreign-awareness': {
        const foreign = this.foreignClientIds();
        const clientId = foreign.length > 0 ? random.pick(foreign) : 1;
        return { kind, data: encodeAwareness(encodeAwarenessEntries([{ clientId, clock: 1_000_000 + random.int(1_000_000), json: JSON.stringify(presence(random)) }])) };
      }
      case 'too-many-awareness-ids': {
        const count = random.pick([5, 8, 16, 17, 1000]);
        const entries = Array.from({ length: count }, (_, i) => ({ clientId: this.clientId + i + 1, clock: 1, json: JSON.stringify(presence(random)) }));
        return { kind, data: encodeAwareness(encodeAwarenessEntries(entries)) };
      }
      case 'oversized-awareness': {
        const state = { ...presence(random), user: { ...presence(random).user, name: 'n'.repeat(random.pick([5_000, 100_000, 1_500_000])) } };
        return { kind, data: encodeAwareness(encodeAwarenessEntries([{ clientId: this.clientId, clock: ++this.clock, json: JSON.stringify(state) }])) };
      }
      case 'awareness-not-json':
        return { kind, data: encodeAwareness(encodeAwarenessEntries([{ clientId: this.clientId, clock: ++this.clock, json: random.pick(['{', 'undefined', "{'a':1}", '\u0000', random.text(40) + '{']) }])) };
      case 'oversized-frame':
        return { kind, data: new Uint8Array(OVERSIZED_BYTES).fill(random.int(4)) };
    }
  }
}
