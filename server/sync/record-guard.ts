/**
 * Server-side rules for what participants may write into a session document through Yjs.
 *
 * Invariants after every client frame: each entry of the record maps passes its shared validator
 * (shared/doc); dispute flags and promises move past `requested` only by the server's hand, and
 * once the server owns them (open, resolved, recorded …) a client can neither change nor delete
 * them. Escalations belong to the server alone: any client add, change or removal is undone.
 * A change that breaks a rule is reverted by the server in the same broadcast, and the
 * reason logged. Valid new `requested` entries are handed to the bridges.
 * Only changes whose transaction origin is a client connection are judged; the server's own
 * writes and updates relayed from other instances (already judged there) pass.
 */
import * as Y from 'yjs';
import { checkEntry } from '../../shared/doc/doc-validation.ts';
import { DocMap, docMaps } from '../../shared/doc/session-doc.ts';
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

  /** `isClient(origin)` tells a client connection's transactions apart from the server's own. */
  constructor(doc: Y.Doc, private readonly isClient: (origin: unknown) => boolean) {
    for (const name of docMaps) {
      doc.getMap<unknown>(name).observe((event, transaction) => {
        if (!this.isClient(transaction.origin)) return;
        for (const [key, change] of event.changes.keys) this.judge(name, key, change.action, change.oldValue, event.target.get(key));
      });
    }
  }

  /** What the last client transaction(s) produced; resets. */
  take(): GuardFindings {
    const findings = this.findings;
    this.findings = emptyFindings();
    return findings;
  }

  private judge(map: DocMap, key: string, action: 'add' | 'update' | 'delete', oldValue: unknown, newValue: unknown): void {
    const previousValid = action !== 'add' && checkEntry(map, key, oldValue).ok;
    const restore = previousValid ? oldValue : undefined;
    const violate = (reason: string): void => {
      this.findings.violations.push({ map, key, reason, restore });
    };
    const oldStatus = action === 'add' ? undefined : statusOf(oldValue);

    // Only the escalation bridge writes here; a client's edit (even a valid one) is put back.
    if (map === DocMap.escalations) return violate('only the server writes escalations');
    if (action === 'delete') {
      if (map === DocMap.disputes && oldStatus && !removableDispute.has(oldStatus)) violate(`a ${oldStatus} dispute flag cannot be removed`);
      if (map === DocMap.promises && oldStatus && !clientOwnedPromise.has(oldStatus)) violate(`a ${oldStatus} promise cannot be removed`);
      return;
    }
    const checked = checkEntry(map, key, newValue);
    if (!checked.ok) return violate(checked.reason);

    if (map === DocMap.disputes) {
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

/** Puts violated entries back as they were (in the caller's transaction). */
export function revertViolations(doc: Y.Doc, violations: readonly Violation[]): void {
  for (const violation of violations) {
    const map = doc.getMap<unknown>(violation.map);
    if (violation.restore === undefined) map.delete(violation.key);
    else map.set(violation.key, violation.restore);
  }
}
