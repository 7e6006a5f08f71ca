/**
 * The shape of a session's Yjs documents (DESIGN §6), defined once for client, server and tests.
 *
 * Each session has two documents: `team` (staff only: internal notes) and `shared` (staff and the
 * customer's link). Both have the same top-level `Y.Map`s of plain JSON values, one record type
 * per map (shared/records). Values are replaced whole, never edited in place, so every change is
 * one `map.set(key, value)` that the server can validate against the record's schema.
 * `escalations` exists in both shapes (one shape, one guard) but the server writes it only into
 * `team`: an escalation to sales is internal and never shown to the customer's link.
 * `messages` too is written by the server only, but into `shared`: it is the conversation with the
 * customer (the communication log stays the truth).
 * `meta.schema` holds the record versions the document was written with (for migrations).
 */
import * as Y from 'yjs';
import { annotationRecord, type Annotation } from '../records/annotation.ts';
import { disputeFlagRecord, type DisputeFlag } from '../records/dispute-flag.ts';
import { escalationRecord, type Escalation } from '../records/escalation.ts';
import { messageRecord, type SessionMessage } from '../records/message.ts';
import { placementRecord, type Placement } from '../records/placement.ts';
import { promiseRecord, type PaymentPromise } from '../records/promise.ts';
import type { RecordType } from '../records/record-type.ts';

export const DocName = { team: 'team', shared: 'shared' } as const;
export type DocName = (typeof DocName)[keyof typeof DocName];
export const docNames: readonly DocName[] = Object.values(DocName);
export const isDocName = (value: string): value is DocName => (docNames as readonly string[]).includes(value);

export const DocMap = { placements: 'placements', annotations: 'annotations', disputes: 'disputes', promises: 'promises', escalations: 'escalations', messages: 'messages' } as const;
export type DocMap = (typeof DocMap)[keyof typeof DocMap];
export const docMaps: readonly DocMap[] = Object.values(DocMap);

/** The record value type of each map. */
export interface DocMapValues {
  placements: Placement;
  annotations: Annotation;
  disputes: DisputeFlag;
  promises: PaymentPromise;
  escalations: Escalation;
  messages: SessionMessage;
}

/** The validator of each map's values. */
export const recordTypeOfMap: { readonly [K in DocMap]: RecordType<string, DocMapValues[K]> } = {
  placements: placementRecord,
  annotations: annotationRecord,
  disputes: disputeFlagRecord,
  promises: promiseRecord,
  escalations: escalationRecord,
  messages: messageRecord,
};

/** Not a record map: document metadata (`schema` → record versions). */
export const META_MAP = 'meta';

export interface SessionDocMaps {
  readonly placements: Y.Map<Placement>;
  readonly annotations: Y.Map<Annotation>;
  readonly disputes: Y.Map<DisputeFlag>;
  readonly promises: Y.Map<PaymentPromise>;
  /** Team document only (see above); keyed by invoice number. */
  readonly escalations: Y.Map<Escalation>;
  /** Shared document only; keyed by message id. */
  readonly messages: Y.Map<SessionMessage>;
  readonly meta: Y.Map<unknown>;
}

/** Typed access to a document's maps (creates them on first use, as Yjs does). */
export function sessionMaps(doc: Y.Doc): SessionDocMaps {
  return {
    placements: doc.getMap<Placement>(DocMap.placements),
    annotations: doc.getMap<Annotation>(DocMap.annotations),
    disputes: doc.getMap<DisputeFlag>(DocMap.disputes),
    promises: doc.getMap<PaymentPromise>(DocMap.promises),
    escalations: doc.getMap<Escalation>(DocMap.escalations),
    messages: doc.getMap<SessionMessage>(DocMap.messages),
    meta: doc.getMap<unknown>(META_MAP),
  };
}

/** The record versions this build writes, stored in `meta.schema`. */
export function currentSchemaVersions(): Record<DocMap, number> {
  return Object.fromEntries(docMaps.map((name) => [name, recordTypeOfMap[name].version])) as Record<DocMap, number>;
}

/** A plain snapshot of one map, for stores and tests. */
export function mapEntries<K extends DocMap>(doc: Y.Doc, name: K): Array<[string, DocMapValues[K]]> {
  return [...doc.getMap<DocMapValues[K]>(name).entries()];
}

/** The WebSocket room of one document: the y-websocket provider appends it to the server URL. */
export const syncRoomName = (sessionId: string, doc: DocName): string => `${sessionId}/${doc}`;
