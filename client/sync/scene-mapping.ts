/**
 * Pure mapping from what the app knows (ledger invoices from the API, records from the Yjs
 * document, awareness states) to the scene's props (client/scene/scene-model.ts). No React, no
 * Yjs: plain data in, plain data out, so it is unit-tested in node.
 */
import type { AnnotationModel, CardModel, CardStatus, PeerModel, TimelineEvent } from '../scene/scene-model.ts';
import type { InvoiceSummary } from '../api/ledger-api.ts';
import type { Annotation, DisputeFlag, PromiseEntry } from './doc-records.ts';
import type { Escalation } from '../../shared/records/escalation.ts';
import { presenceRecord } from '../../shared/records/presence.ts';
import { daysBetween } from '../../shared/time/dates.ts';

const activePromise = (promise: PromiseEntry) => promise.status === 'requested' || promise.status === 'recorded';
const activeFlag = (flag: DisputeFlag | undefined) => flag !== undefined && (flag.status === 'requested' || flag.status === 'open');

export function agingStatus(daysLate: number): CardStatus {
  if (daysLate <= 0) return 'current';
  if (daysLate <= 30) return 'overdue-1-30';
  if (daysLate <= 60) return 'overdue-31-60';
  if (daysLate <= 90) return 'overdue-61-90';
  return 'overdue-91+';
}

/** The promise covering an invoice, if one is still running (the latest by date wins). */
export function promiseFor(invoiceNumber: string, promises: readonly PromiseEntry[]): PromiseEntry | undefined {
  return promises.filter((p) => activePromise(p) && p.invoiceNumbers.includes(invoiceNumber)).sort((a, b) => b.date.localeCompare(a.date))[0];
}

/**
 * One card per invoice with an open balance (and per invoice that has a live document entry, so
 * a resolved dispute stays visible after a credit settled it). A dispute being raised or open
 * outranks a promise, which outranks the aging colour. `escalations` (the team document's map,
 * keyed by invoice number; empty for the customer's view) adds the escalated badge, whatever the status.
 */
export function toCards(
  invoices: readonly InvoiceSummary[],
  disputes: Readonly<Record<string, DisputeFlag>>,
  promises: readonly PromiseEntry[],
  today: string,
  escalations: Readonly<Record<string, Escalation>> = {},
): CardModel[] {
  const cards: CardModel[] = [];
  for (const invoice of invoices) {
    const flag = disputes[invoice.number];
    if (invoice.openAmount <= 0 && !flag) continue;
    if (invoice.status === 'void' || invoice.status === 'written_off' || invoice.status === 'draft') continue;
    const daysLate = daysBetween(invoice.dueDate, today);
    const promise = promiseFor(invoice.number, promises);
    const disputed = activeFlag(flag) || (!flag && invoice.openDisputeId !== null);
    let status: CardStatus;
    if (disputed) status = 'disputed';
    else if (invoice.openAmount <= 0) status = 'paid';
    else if (promise) status = 'promised';
    else status = agingStatus(daysLate);
    const dispute: CardModel['dispute'] = flag
      ? { status: flag.status, reason: flag.reason, ...(flag.resolution ? { resolution: flag.resolution.outcome } : flag.rejection ? { resolution: flag.rejection } : {}) }
      : invoice.openDisputeId !== null
        ? { status: 'open', reason: 'on ledger' }
        : undefined;
    cards.push({
      invoiceNumber: invoice.number,
      currency: invoice.currency,
      amount: invoice.amount,
      openAmount: invoice.openAmount,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      daysLate,
      status,
      ...(dispute ? { dispute } : {}),
      ...(promise ? { promise: { date: promise.date, amount: promise.amount, status: promise.status } } : {}),
      ...(Object.hasOwn(escalations, invoice.number) ? { escalated: true } : {}),
    });
  }
  return cards.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNumber.localeCompare(b.invoiceNumber));
}

/** Issued and due dates of the open invoices, plus disputes and promises from the document, in date order. */
export function toTimeline(
  invoices: readonly InvoiceSummary[],
  disputes: Readonly<Record<string, DisputeFlag>>,
  promises: readonly PromiseEntry[],
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const invoice of invoices) {
    if (invoice.openAmount <= 0 && !disputes[invoice.number]) continue;
    events.push({ date: invoice.issueDate, kind: 'issued', label: `${invoice.number} issued`, invoiceNumber: invoice.number, amount: invoice.amount });
    events.push({ date: invoice.dueDate, kind: 'due', label: `${invoice.number} due`, invoiceNumber: invoice.number, amount: invoice.openAmount });
  }
  for (const [invoiceNumber, flag] of Object.entries(disputes)) {
    const date = flag.flaggedAt.slice(0, 10);
    if (date) events.push({ date, kind: 'dispute-opened', label: `${invoiceNumber} disputed: ${flag.reason}`, invoiceNumber });
    const resolvedOn = flag.resolution?.resolvedAt.slice(0, 10) ?? date;
    if (flag.status === 'resolved' && resolvedOn) events.push({ date: resolvedOn, kind: 'dispute-resolved', label: `${invoiceNumber} resolved${flag.resolution ? `: ${flag.resolution.outcome}` : ''}`, invoiceNumber });
  }
  for (const promise of promises) {
    events.push({ date: promise.date, kind: 'promise', label: `Promise for ${promise.invoiceNumbers.join(', ')}`, amount: promise.amount, ...(promise.invoiceNumbers.length === 1 ? { invoiceNumber: promise.invoiceNumbers[0]! } : {}) });
  }
  return events.sort((a, b) => a.date.localeCompare(b.date));
}

export function toAnnotationModels(records: readonly Annotation[]): AnnotationModel[] {
  return records
    .slice()
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((record) => ({ id: record.id, authorName: record.authorName, text: record.text, position: record.position, target: record.target, resolved: record.resolved }));
}

/**
 * Awareness states of the other clients → peers. States come from anyone, so each is checked
 * against the shared presence schema; a state that fails (or has not announced a user yet) is skipped.
 */
export function toPeers(states: ReadonlyMap<number, unknown>, localClientId: number): PeerModel[] {
  const peers: PeerModel[] = [];
  for (const [clientId, state] of states) {
    if (clientId === localClientId) continue;
    const checked = presenceRecord.check(state);
    if (!checked.ok) continue;
    const { user, head, pointer } = checked.value;
    peers.push({ clientId, name: user.name, role: user.role, color: user.color, ...(head ? { head } : {}), ...(pointer ? { pointer } : {}) });
  }
  return peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

/** A stable colour per user id, so a person keeps their colour across sessions and devices. */
export function colorFor(userId: string): string {
  const palette = ['#f97316', '#22c55e', '#3b82f6', '#a855f7', '#ec4899', '#eab308', '#14b8a6', '#ef4444'];
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length]!;
}
