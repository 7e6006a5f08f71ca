/**
 * Deterministic sample props for the scene lab (tests and bench): `count` open invoices with a
 * spread of statuses, badges and dates, their timeline, a few annotations and two peers.
 */
import type { AnnotationModel, CardModel, CardStatus, PeerModel, TimelineEvent } from '../scene/scene-model.ts';

export const LAB_TODAY = '2026-11-23';
const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

function statusFor(daysLate: number): CardStatus {
  if (daysLate <= 0) return 'current';
  if (daysLate <= 30) return 'overdue-1-30';
  if (daysLate <= 60) return 'overdue-31-60';
  if (daysLate <= 90) return 'overdue-61-90';
  return 'overdue-91+';
}

export function labCards(count: number): CardModel[] {
  const cards: CardModel[] = [];
  for (let i = 0; i < count; i++) {
    const issueDate = addDays(LAB_TODAY, -((i * 37) % 150) - 5);
    const dueDate = addDays(issueDate, 30);
    const daysLate = Math.round((Date.parse(LAB_TODAY) - Date.parse(dueDate)) / DAY_MS);
    const amount = 50_000 + ((i * 7919) % 900_000);
    const openAmount = i % 5 === 0 ? Math.floor(amount / 2) : amount;
    const disputed = i % 11 === 3;
    const promised = i % 9 === 4;
    cards.push({
      invoiceNumber: `INV-${String(10001 + i)}`,
      currency: 'USD',
      amount,
      openAmount,
      issueDate,
      dueDate,
      daysLate,
      status: disputed ? 'disputed' : promised ? 'promised' : statusFor(daysLate),
      ...(disputed ? { dispute: { status: 'open' as const, reason: 'pricing' } } : {}),
      ...(promised ? { promise: { date: addDays(LAB_TODAY, 7), amount: openAmount, status: 'open' } } : {}),
      ...(i % 13 === 6 ? { escalated: true } : {}),
    });
  }
  return cards;
}

export function labTimeline(cards: readonly CardModel[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const card of cards.slice(0, 60)) {
    events.push({ date: card.issueDate, kind: 'issued', label: card.invoiceNumber, invoiceNumber: card.invoiceNumber, amount: card.amount });
    events.push({ date: card.dueDate, kind: 'due', label: card.invoiceNumber, invoiceNumber: card.invoiceNumber });
    if (card.openAmount < card.amount) events.push({ date: addDays(card.issueDate, 12), kind: 'payment', label: card.invoiceNumber, invoiceNumber: card.invoiceNumber, amount: card.amount - card.openAmount });
    if (card.dispute) events.push({ date: addDays(card.issueDate, 3), kind: 'dispute-opened', label: card.invoiceNumber, invoiceNumber: card.invoiceNumber });
    if (card.promise) events.push({ date: card.promise.date, kind: 'promise', label: card.invoiceNumber, invoiceNumber: card.invoiceNumber, amount: card.promise.amount });
    if (card.daysLate > 10) events.push({ date: addDays(card.dueDate, 7), kind: 'reminder', label: card.invoiceNumber, invoiceNumber: card.invoiceNumber });
  }
  return events;
}

export const labAnnotations: AnnotationModel[] = [
  { id: 'a1', authorName: 'Dana (finance)', text: 'Check the credit note', position: [0.3, 0.05, 0.1], target: { kind: 'space', ref: 'table' }, resolved: false },
  { id: 'a2', authorName: 'Sam (sales)', text: 'Gearbox replaced in March', position: [0.09, 0.38, -0.08], target: { kind: 'product', ref: 'robotic-arm', hotspot: 'gearbox' }, resolved: true },
];

export const labPeers: PeerModel[] = [
  { clientId: 11, name: 'Dana', role: 'finance', color: '#f472b6', head: { position: [-0.9, 0.85, 0.6], quaternion: [0, -0.38, 0, 0.92] }, pointer: { origin: [-0.85, 0.8, 0.55], direction: [0.7, -0.35, -0.6] } },
  { clientId: 12, name: 'Acme buyer', role: 'customer', color: '#34d399', head: { position: [0.95, 0.9, 0.5], quaternion: [0, 0.38, 0, 0.92] } },
];
