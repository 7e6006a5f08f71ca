import { describe, expect, it } from 'vitest';
import { agingStatus, colorFor, toAnnotationModels, toCards, toPeers, toTimeline } from '../../../../client/sync/scene-mapping.ts';
import type { InvoiceSummary } from '../../../../client/api/ledger-api.ts';
import type { AnnotationEntry, DisputeFlag, PromiseEntry } from '../../../../client/sync/doc-records.ts';
import { checkEntry } from '../../../../shared/doc/doc-validation.ts';
import type { Escalation } from '../../../../shared/records/escalation.ts';

const invoice = (number: string, dueDate: string, openAmount: number, extra: Partial<InvoiceSummary> = {}): InvoiceSummary => ({
  id: `id-${number}`,
  number,
  customerRef: 'C-001',
  currency: 'USD',
  issueDate: '2026-09-01',
  dueDate,
  amount: 100_00,
  openAmount,
  status: openAmount === 0 ? 'paid' : 'open',
  openDisputeId: null,
  ...extra,
});

const flag = (status: DisputeFlag['status'], extra: Partial<DisputeFlag> = {}): DisputeFlag => ({
  reason: 'pricing',
  note: 'wrong unit price',
  flaggedBy: 'Sam',
  flaggedAt: '2026-11-20T10:00:00.000Z',
  status,
  ...extra,
});

const today = '2026-11-23';

describe('toCards', () => {
  it('colours open invoices by days past due, skips settled ones, and sorts by due date', () => {
    const cards = toCards(
      [invoice('INV-4', '2026-12-01', 50_00), invoice('INV-1', '2026-11-23', 100_00), invoice('INV-2', '2026-10-24', 1), invoice('INV-3', '2026-08-01', 100_00), invoice('INV-5', '2026-09-01', 0)],
      {},
      [],
      today,
    );
    expect(cards.map((c) => [c.invoiceNumber, c.status, c.daysLate])).toEqual([
      ['INV-3', 'overdue-91+', 114],
      ['INV-2', 'overdue-1-30', 30],
      ['INV-1', 'current', 0],
      ['INV-4', 'current', -8],
    ]);
    expect(cards[0]).toMatchObject({ amount: 100_00, openAmount: 100_00, currency: 'USD', issueDate: '2026-09-01', dueDate: '2026-08-01' });
    expect(cards[0]).not.toHaveProperty('dispute');
  });

  it('puts the bucket edges where DESIGN §4 puts them', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(agingStatus)).toEqual(['current', 'overdue-1-30', 'overdue-1-30', 'overdue-31-60', 'overdue-31-60', 'overdue-61-90', 'overdue-61-90', 'overdue-91+']);
  });

  it('shows a live dispute over a promise, a promise over aging, and a resolved dispute with its outcome', () => {
    const promises: PromiseEntry[] = [
      { id: 'p1', invoiceNumbers: ['INV-1', 'INV-2'], amount: 200_00, date: '2026-12-05', by: 'Customer', status: 'requested' },
      { id: 'p0', invoiceNumbers: ['INV-3'], amount: 100_00, date: '2026-11-01', by: 'Customer', status: 'broken' },
    ];
    const disputes = {
      'INV-1': flag('requested'),
      'INV-3': flag('resolved', { disputeId: 'd3', resolution: { outcome: 'credit', creditAmount: 100_00, note: 'ok', resolvedAt: '2026-11-22T09:00:00.000Z' } }),
    };
    const cards = toCards([invoice('INV-1', '2026-11-01', 100_00), invoice('INV-2', '2026-11-01', 100_00), invoice('INV-3', '2026-11-01', 0)], disputes, promises, today);
    const byNumber = Object.fromEntries(cards.map((c) => [c.invoiceNumber, c]));
    expect(byNumber['INV-1']).toMatchObject({ status: 'disputed', dispute: { status: 'requested', reason: 'pricing' }, promise: { date: '2026-12-05', amount: 200_00 } });
    expect(byNumber['INV-2']).toMatchObject({ status: 'promised', promise: { status: 'requested' } });
    // Credited to zero, but the flag keeps the card in the room so people see how it ended.
    expect(byNumber['INV-3']).toMatchObject({ status: 'paid', dispute: { status: 'resolved', resolution: 'credit' } });
    expect(byNumber['INV-3']).not.toHaveProperty('promise');
  });

  it('marks an invoice disputed on the ledger even without a document flag', () => {
    const [card] = toCards([invoice('INV-9', '2026-10-01', 100_00, { openDisputeId: 'd9', status: 'disputed' })], {}, [], today);
    expect(card).toMatchObject({ status: 'disputed', dispute: { status: 'open' } });
  });
});

describe('toCards escalations', () => {
  const escalation: Escalation = { taskId: 'task-1', invoiceNumbers: ['INV-1', 'INV-3'], reason: 'no response to reminders', escalatedAt: '2026-11-23T06:00:00.000Z' };

  it('badges exactly the cards whose invoice is in the escalations map, keeping their status', () => {
    const invoices = [invoice('INV-1', '2026-10-01', 100_00), invoice('INV-2', '2026-10-02', 100_00), invoice('INV-3', '2026-10-03', 100_00)];
    const cards = toCards(invoices, { 'INV-3': flag('open', { disputeId: 'd3' }) }, [], today, { 'INV-1': escalation, 'INV-3': escalation, 'INV-9': escalation });
    expect(cards.map((c) => [c.invoiceNumber, c.status, c.escalated ?? false])).toEqual([
      ['INV-1', 'overdue-31-60', true],
      ['INV-2', 'overdue-31-60', false],
      ['INV-3', 'disputed', true],
    ]);
    expect(cards[1]).not.toHaveProperty('escalated');
    // No escalations (the customer's shared view): no badge, and no card for an escalated-only invoice number.
    expect(toCards(invoices, {}, [], today).some((c) => c.escalated)).toBe(false);
  });

  it('accepts the server-written record and refuses malformed ones', () => {
    expect(checkEntry('escalations', 'INV-1', escalation).ok).toBe(true);
    expect(checkEntry('escalations', 'INV-1', { ...escalation, assignee: 'Sam Sales' }).ok).toBe(true);
    expect(checkEntry('escalations', 'INV-1', { ...escalation, invoiceNumbers: [] })).toMatchObject({ ok: false, reason: expect.stringMatching(/invoiceNumbers/) });
    expect(checkEntry('escalations', 'INV-1', { ...escalation, escalatedAt: 'yesterday' })).toMatchObject({ ok: false });
    expect(checkEntry('escalations', 'INV-1', { ...escalation, extra: 1 })).toMatchObject({ ok: false });
  });
});

describe('toTimeline', () => {
  it('lists issue, due, dispute and promise events in date order', () => {
    const events = toTimeline(
      [invoice('INV-1', '2026-10-01', 100_00)],
      { 'INV-1': flag('resolved', { resolution: { outcome: 'upheld', creditAmount: null, note: '', resolvedAt: '2026-11-22T08:00:00.000Z' } }) },
      [{ id: 'p', invoiceNumbers: ['INV-1'], amount: 100_00, date: '2026-12-01', by: 'C', status: 'recorded' }],
    );
    expect(events.map((e) => [e.date, e.kind])).toEqual([
      ['2026-09-01', 'issued'],
      ['2026-10-01', 'due'],
      ['2026-11-20', 'dispute-opened'],
      ['2026-11-22', 'dispute-resolved'],
      ['2026-12-01', 'promise'],
    ]);
    expect(events[3]!.label).toContain('upheld');
    expect(events[4]).toMatchObject({ invoiceNumber: 'INV-1', amount: 100_00 });
  });
});

describe('toPeers', () => {
  it('keeps valid presence states of others and drops our own and malformed ones', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'u1', name: 'Me', role: 'sales', color: '#ff0000' } }],
      [2, { user: { id: 'u2', name: 'Fran', role: 'finance', color: '#22c55e' }, head: { position: [0, 1.6, 1], quaternion: [0, 0, 0, 1] } }],
      [3, { user: { id: 'u3', name: 'Evil', role: 'god', color: '#000000' } }],
      [4, { head: { position: [0, 0, 0], quaternion: [0, 0, 0, 1] } }],
      [5, { user: { id: 'u5', name: 'Ann', role: 'customer', color: '#3b82f6' }, pointer: { origin: [0, 1, 0], direction: [0, 0, -1] } }],
      [6, null],
    ]);
    const peers = toPeers(states, 1);
    expect(peers).toEqual([
      { clientId: 5, name: 'Ann', role: 'customer', color: '#3b82f6', pointer: { origin: [0, 1, 0], direction: [0, 0, -1] } },
      { clientId: 2, name: 'Fran', role: 'finance', color: '#22c55e', head: { position: [0, 1.6, 1], quaternion: [0, 0, 0, 1] } },
    ]);
  });

  it('gives each user a stable colour that the presence schema accepts', () => {
    expect(colorFor('user-1')).toBe(colorFor('user-1'));
    expect(colorFor('user-1')).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('toAnnotationModels', () => {
  it('orders notes by creation and keeps their targets', () => {
    const base = { authorId: 'u', authorName: 'Sam', position: [0, 1, 0] as [number, number, number], resolved: false, doc: 'shared' as const };
    const notes: AnnotationEntry[] = [
      { ...base, id: 'b', text: 'second', createdAt: '2026-11-23T10:00:01.000Z', target: { kind: 'space', ref: '' } },
      { ...base, id: 'a', text: 'first', createdAt: '2026-11-23T10:00:00.000Z', target: { kind: 'invoice', ref: 'INV-1' } },
    ];
    expect(toAnnotationModels(notes).map((n) => [n.id, n.target.kind])).toEqual([
      ['a', 'invoice'],
      ['b', 'space'],
    ]);
  });
});
