/** How a card's status looks: one colour per status (DESIGN §7), used by the card faces and the timeline. */
import type { CardModel, CardStatus, DisputeFlagStatus, TimelineEventKind } from './scene-model.ts';

export const statusColor: Readonly<Record<CardStatus, string>> = {
  current: '#16a34a',
  'overdue-1-30': '#eab308',
  'overdue-31-60': '#f97316',
  'overdue-61-90': '#dc2626',
  'overdue-91+': '#7f1d1d',
  disputed: '#9333ea',
  promised: '#0ea5e9',
  paid: '#64748b',
};

export const statusLabel: Readonly<Record<CardStatus, string>> = {
  current: 'CURRENT',
  'overdue-1-30': 'OVERDUE 1–30',
  'overdue-31-60': 'OVERDUE 31–60',
  'overdue-61-90': 'OVERDUE 61–90',
  'overdue-91+': 'OVERDUE 91+',
  disputed: 'DISPUTED',
  promised: 'PROMISED',
  paid: 'PAID',
};

export const timelineColor: Readonly<Record<TimelineEventKind, string>> = {
  issued: '#94a3b8',
  due: '#f97316',
  payment: '#22c55e',
  promise: '#0ea5e9',
  'dispute-opened': '#a855f7',
  'dispute-resolved': '#e9d5ff',
  reminder: '#facc15',
};

const disputeBadge: Readonly<Record<DisputeFlagStatus, string>> = {
  requested: 'DISPUTE…',
  open: 'DISPUTE',
  resolved: 'RESOLVED',
  rejected: 'DISP. REJ.',
};

export interface Badge {
  readonly text: string;
  readonly color: string;
}

export function cardBadges(card: CardModel): Badge[] {
  const badges: Badge[] = [];
  if (card.dispute) badges.push({ text: disputeBadge[card.dispute.status], color: card.dispute.status === 'open' || card.dispute.status === 'requested' ? '#9333ea' : '#64748b' });
  if (card.promise) badges.push({ text: 'PROMISE', color: '#0ea5e9' });
  if (card.escalated) badges.push({ text: 'ESC', color: '#dc2626' });
  return badges;
}
