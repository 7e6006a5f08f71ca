/**
 * The session document's records as the client reads them: the shapes and validators are the
 * shared ones (shared/doc, shared/records), used by the server too. Values that arrive from other
 * clients are untrusted, so readers check them and skip what does not fit.
 */
import * as Y from 'yjs';
import { recordTypeOfMap, sessionMaps, type DocName } from '../../shared/doc/session-doc.ts';
import type { Annotation } from '../../shared/records/annotation.ts';
import type { DisputeFlag } from '../../shared/records/dispute-flag.ts';
import type { Escalation } from '../../shared/records/escalation.ts';
import { byTimeThenId, type SessionMessage } from '../../shared/records/message.ts';
import type { PaymentPromise } from '../../shared/records/promise.ts';

export type { Annotation, DisputeFlag, DocName, Escalation, PaymentPromise, SessionMessage };
/** A message of the conversation with the customer and its id (the key in `messages`). */
export type MessageEntry = SessionMessage & { readonly id: string };
export type PromiseEntry = PaymentPromise & { readonly id: string };
/** An annotation and the document it lives in (`team` notes are internal). */
export type AnnotationEntry = Annotation & { readonly doc: DocName };

/** A later status wins when the server wrote a flag into both documents. */
const flagRank: Readonly<Record<DisputeFlag['status'], number>> = { requested: 0, open: 1, rejected: 2, resolved: 2 };

export interface DocRecords {
  readonly disputes: Record<string, DisputeFlag>;
  readonly promises: PromiseEntry[];
  readonly annotations: AnnotationEntry[];
  /** Invoices escalated to their sales owner (the server writes these into `team` only). */
  readonly escalations: Record<string, Escalation>;
  /** The conversation with the customer (the server writes these into `shared`), oldest first. */
  readonly messages: MessageEntry[];
}

export function emptyRecords(): DocRecords {
  return { disputes: {}, promises: [], annotations: [], escalations: {}, messages: [] };
}

/** Adds one document's valid records into `into` (several documents merge into one view). */
export function readRecords(doc: Y.Doc, docName: DocName, into: DocRecords = emptyRecords()): DocRecords {
  const maps = sessionMaps(doc);
  maps.disputes.forEach((value, invoiceNumber) => {
    const checked = recordTypeOfMap.disputes.check(value);
    if (!checked.ok) return;
    const seen = into.disputes[invoiceNumber];
    if (!seen || flagRank[checked.value.status] > flagRank[seen.status]) into.disputes[invoiceNumber] = checked.value;
  });
  maps.promises.forEach((value, id) => {
    const checked = recordTypeOfMap.promises.check(value);
    if (checked.ok && !into.promises.some((p) => p.id === id)) into.promises.push({ ...checked.value, id });
  });
  maps.escalations.forEach((value, invoiceNumber) => {
    const checked = recordTypeOfMap.escalations.check(value);
    if (checked.ok) into.escalations[invoiceNumber] = checked.value;
  });
  maps.annotations.forEach((value) => {
    const checked = recordTypeOfMap.annotations.check(value);
    if (checked.ok) into.annotations.push({ ...checked.value, doc: docName });
  });
  maps.messages.forEach((value, id) => {
    const checked = recordTypeOfMap.messages.check(value);
    if (checked.ok && !into.messages.some((m) => m.id === id)) into.messages.push({ ...checked.value, id });
  });
  into.messages.sort(byTimeThenId);
  return into;
}
