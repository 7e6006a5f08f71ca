/**
 * The writes participants make, as plain functions over a `Y.Doc`. The client calls these (and
 * tests do), so every write is a whole, valid record set under its key in one transaction.
 * Each returns the stored record, or a reason when the input would fail validation.
 */
import * as Y from 'yjs';
import type { Annotation, AnnotationTarget } from '../records/annotation.ts';
import type { DisputeFlag, DisputeReasonCode } from '../records/dispute-flag.ts';
import type { Placement } from '../records/placement.ts';
import type { PaymentPromise } from '../records/promise.ts';
import type { Quat, Vec3 } from '../records/vectors.ts';
import { checkEntry, type EntryCheck } from './doc-validation.ts';
import { DocMap, sessionMaps, type DocMapValues } from './session-doc.ts';

/** Yjs transaction origin used by these helpers, so observers can tell local user actions apart. */
export const LOCAL_ACTION_ORIGIN = 'cashlens:local-action';

function put<K extends DocMap>(doc: Y.Doc, map: K, key: string, value: DocMapValues[K]): EntryCheck<DocMapValues[K]> {
  const checked = checkEntry(map, key, value);
  if (!checked.ok) return checked;
  doc.transact(() => doc.getMap<DocMapValues[K]>(map).set(key, checked.value), LOCAL_ACTION_ORIGIN);
  return checked;
}

export function setPlacement(doc: Y.Doc, objectKey: string, position: Vec3, quaternion: Quat, by: string): EntryCheck<Placement> {
  return put(doc, DocMap.placements, objectKey, { position: [...position], quaternion: [...quaternion], by } as Placement);
}

export function addAnnotation(
  doc: Y.Doc,
  input: { id: string; authorId: string; authorName: string; target: AnnotationTarget; text: string; position: Vec3; now?: Date },
): EntryCheck<Annotation> {
  const annotation: Annotation = {
    id: input.id,
    authorId: input.authorId,
    authorName: input.authorName,
    target: input.target,
    text: input.text,
    position: [...input.position] as Annotation['position'],
    createdAt: (input.now ?? new Date()).toISOString(),
    resolved: false,
  };
  return put(doc, DocMap.annotations, input.id, annotation);
}

export function setAnnotationResolved(doc: Y.Doc, id: string, resolved: boolean): EntryCheck<Annotation> {
  const current = sessionMaps(doc).annotations.get(id);
  if (!current) return { ok: false, reason: `annotations[${id}]: no such annotation` };
  return put(doc, DocMap.annotations, id, { ...current, resolved });
}

/**
 * Flags an invoice as disputed (status `requested`); works offline, the server opens the ledger
 * dispute when the update reaches it. A flag that is already open or resolved is left alone.
 */
export function flagDispute(
  doc: Y.Doc,
  input: { invoiceNumber: string; reason: DisputeReasonCode; note: string; flaggedBy: string; now?: Date },
): EntryCheck<DisputeFlag> {
  const existing = sessionMaps(doc).disputes.get(input.invoiceNumber);
  if (existing && (existing.status === 'open' || existing.status === 'requested')) return { ok: true, value: existing };
  const flag: DisputeFlag = {
    reason: input.reason,
    note: input.note,
    flaggedBy: input.flaggedBy,
    flaggedAt: (input.now ?? new Date()).toISOString(),
    status: 'requested',
  };
  return put(doc, DocMap.disputes, input.invoiceNumber, flag);
}

/** Records a promise-to-pay request; the server hands it to collections (see promise.ts). */
export function requestPromise(
  doc: Y.Doc,
  input: { id: string; invoiceNumbers: readonly string[]; amount: number; date: string; by: string; note?: string },
): EntryCheck<PaymentPromise> {
  const promise: PaymentPromise = {
    invoiceNumbers: [...input.invoiceNumbers],
    amount: input.amount,
    date: input.date,
    by: input.by,
    status: 'requested',
    ...(input.note === undefined ? {} : { note: input.note }),
  };
  return put(doc, DocMap.promises, input.id, promise);
}
