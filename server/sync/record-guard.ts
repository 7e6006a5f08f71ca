/**
 * Server-side rules for what participants may write into a session document through Yjs.
 *
 * Invariants after every client frame: each entry of the record maps passes its shared validator
 * (shared/doc); dispute flags and promises move past `requested` only by the server's hand, and
 * once the server owns them (open, resolved, recorded …) a client can neither change nor delete
 * them. Escalations and messages belong to the server alone: any client add, change or removal
 * is undone (messages reach the document only through the communication log, over HTTP).
 * A change that breaks a rule is reverted by the server in the same broadcast, and the
 * reason logged. Valid new `requested` entries are handed to the bridges.
 * An annotation carries its writer: a new one must name the connection's own identity as
 * `authorId` (staff user id, or the link id for a customer on a link), the author can never be
 * changed, and someone else's annotation may only be marked resolved/unresolved — not edited or removed.
 * Only changes whose transaction origin is a client connection are judged; the server's own
 * writes and updates relayed from other instances (already judged there) pass.
 */
import * as Y from 'yjs';
import { checkEntry } from '../../shared/doc/doc-validation.ts';
import { DocMap, docMaps } from '../../shared/doc/session-doc.ts';
import type { Annotation } from '../../shared/records/annotation.ts';
import type { DisputeFlag } from '../../shared/records/dispute-flag.ts';
import type { PaymentPromise } from '../../shared/records/promise.ts';

export interface Violation {
  readonly map: DocMap;
  readonly key: string;
  readonly reason: string;
  /** What to put back: the previous value, or undefined to delete the entry. */
  readonly restore: unknown;
}

export interface GuardFindings {
  readonly violations: Violation[];
  readonly disputeRequests: Array<{ readonly invoiceNumber: string; readonly flag: DisputeFlag }>;
  readonly promiseRequests: Array<{ readonly id: string; readonly promise: PaymentPromise }>;
}

/** Flags a client may flag again (a new request) or remove; the rest belong to the server. */
const reRequestableDispute = new Set(['requested', 'rejected', 'resolved']);
const removableDispute = new Set(['requested', 'rejected']);
const clientOwnedPromise = new Set(['requested', 'rejected']);

const emptyFindings = (): GuardFindings => ({ violations: [], disputeRequests: [], promiseRequests: [] });

function statusOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'string' ? value.status : undefined;
}

export class RecordGuard {
  private findings = emptyFindings();

  /**
   * `writerOf(origin)` is the author id of the client connection behind a transaction, or
   * undefined for the server's own transactions (which are not judged).
   */
  constructor(doc: Y.Doc, private readonly writerOf: (origin: unknown) => string | undefined) {
    for (const name of docMaps) {
      doc.getMap<unknown>(name).observe((event, transaction) => {
        const writer = this.writerOf(transaction.origin);
        if (writer === undefined) return;
        for (const key of event.keysChanged) {
          // The hot path (a placement moved) needs only the new value; `event.changes` (which Yjs
          // computes by walking the items) is read only for the other maps or a failed check.
          if (name === DocMap.placements && event.target.has(key) && checkEntry(name, key, event.target.get(key)).ok) continue;
          const change = event.changes.keys.get(key);
          if (change) this.judge(writer, name, key, change.action, change.oldValue, event.target.get(key));
        }
      });
    }
  }

  /** What the last client transaction(s) produced; resets. */
  take(): GuardFindings {
    const findings = this.findings;
    this.findings = emptyFindings();
    return findings;
  }

  private judge(writer: string, map: DocMap, key: string, action: 'add' | 'update' | 'delete', oldValue: unknown, newValue: unknown): void {
    // The previous value is validated only when it matters (a revert, an annotation's author):
    // the common valid change (a placement moved) costs one check, of the new value.
    const previousValid = (): boolean => action !== 'add' && checkEntry(map, key, oldValue).ok;
    const violate = (reason: string): void => {
      this.findings.violations.push({ map, key, reason, restore: previousValid() ? oldValue : undefined });
    };
    const oldStatus = action === 'add' ? undefined : statusOf(oldValue);

    // Only the escalation bridge writes here; a client's edit (even a valid one) is put back.
    if (map === DocMap.escalations) return violate('only the server writes escalations');
    if (map === DocMap.messages) return violate('only the server writes messages (POST them over HTTP)');
    const oldAuthor = map === DocMap.annotations && previousValid() ? (oldValue as Annotation).authorId : undefined;
    if (action === 'delete') {
      if (oldAuthor !== undefined && oldAuthor !== writer) violate(`only its author may remove annotation ${key}`);
      if (map === DocMap.disputes && oldStatus && !removableDispute.has(oldStatus)) violate(`a ${oldStatus} dispute flag cannot be removed`);
      if (map === DocMap.promises && oldStatus && !clientOwnedPromise.has(oldStatus)) violate(`a ${oldStatus} promise cannot be removed`);
      return;
    }
    const checked = checkEntry(map, key, newValue);
    if (!checked.ok) return violate(checked.reason);

    if (map === DocMap.annotations) {
      const annotation = checked.value as Annotation;
      if (oldAuthor === undefined) {
        if (annotation.authorId !== writer) violate(`annotation ${key}: authorId must be the writer's own id`);
      } else if (annotation.authorId !== oldAuthor) {
        violate(`annotation ${key}: the author cannot be changed`);
      } else if (oldAuthor !== writer && !onlyResolvedChanged(oldValue as Annotation, annotation)) {
        violate(`annotation ${key}: someone else's annotation may only be marked resolved`);
      }
    } else if (map === DocMap.disputes) {
      const flag = checked.value as DisputeFlag;
      if (flag.status !== 'requested') return violate(`only the server sets a dispute flag to ${flag.status}`);
      if (oldStatus && !reRequestableDispute.has(oldStatus)) return violate(`the dispute on ${key} is already ${oldStatus}`);
      this.findings.disputeRequests.push({ invoiceNumber: key, flag });
    } else if (map === DocMap.promises) {
      const promise = checked.value as PaymentPromise;
      if (promise.status !== 'requested') return violate(`only the server sets a promise to ${promise.status}`);
      if (oldStatus && !clientOwnedPromise.has(oldStatus)) return violate(`the promise ${key} is already ${oldStatus}`);
      this.findings.promiseRequests.push({ id: key, promise });
    }
  }
}

function onlyResolvedChanged(before: Annotation, after: Annotation): boolean {
  return canonicalJson({ ...before, resolved: after.resolved }) === canonicalJson(after);
}

/** JSON with object keys sorted, so two writers' key orders compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Puts violated entries back as they were (in the caller's transaction). */
export function revertViolations(doc: Y.Doc, violations: readonly Violation[]): void {
  for (const violation of violations) {
    const map = doc.getMap<unknown>(violation.map);
    if (violation.restore === undefined) map.delete(violation.key);
    else map.set(violation.key, violation.restore);
  }
}
