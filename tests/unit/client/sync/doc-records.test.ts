import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { emptyRecords, readRecords } from '../../../../client/sync/doc-records.ts';
import { addAnnotation, flagDispute, requestPromise } from '../../../../shared/doc/doc-actions.ts';
import { sessionMaps } from '../../../../shared/doc/session-doc.ts';

describe('reading a session’s documents', () => {
  it('merges team and shared: notes keep their document, the furthest dispute status wins', () => {
    const shared = new Y.Doc();
    const team = new Y.Doc();
    flagDispute(shared, { invoiceNumber: 'INV-1', reason: 'pricing', note: 'too high', flaggedBy: 'Sam' });
    const requested = sessionMaps(shared).disputes.get('INV-1')!;
    // The server wrote the answer into the team document first.
    sessionMaps(team).disputes.set('INV-1', { ...requested, status: 'open', disputeId: 'd-1' });
    addAnnotation(team, { id: 'n1', authorId: 'u1', authorName: 'Sam', target: { kind: 'invoice', ref: 'INV-1' }, text: 'internal', position: [0, 1, 0] });
    addAnnotation(shared, { id: 'n2', authorId: 'u2', authorName: 'Ann', target: { kind: 'space', ref: '' }, text: 'hello', position: [0, 1, 0] });
    requestPromise(shared, { id: 'p1', invoiceNumbers: ['INV-2'], amount: 500, date: '2026-12-01', by: 'Ann' });

    const records = readRecords(team, 'team', readRecords(shared, 'shared', emptyRecords()));
    expect(records.disputes['INV-1']).toMatchObject({ status: 'open', disputeId: 'd-1', reason: 'pricing' });
    expect(records.annotations.map((a) => [a.id, a.doc]).sort()).toEqual([
      ['n1', 'team'],
      ['n2', 'shared'],
    ]);
    expect(records.promises).toEqual([{ id: 'p1', invoiceNumbers: ['INV-2'], amount: 500, date: '2026-12-01', by: 'Ann', status: 'requested' }]);
  });

  it('skips entries that fail the shared validators instead of showing them', () => {
    const doc = new Y.Doc();
    sessionMaps(doc).disputes.set('INV-9', { reason: 'because', status: 'open' } as never);
    doc.getMap('annotations').set('bad', { id: 'bad', text: 42 });
    doc.getMap('promises').set('p', { invoiceNumbers: [], amount: -1 });
    doc.getMap('escalations').set('INV-9', { taskId: 't', invoiceNumbers: [] });
    doc.getMap('messages').set('m', { from: 'customer', author: 'Acme', body: '', at: '2026-12-05T08:00:00.000Z' });
    const records = readRecords(doc, 'shared');
    expect(records).toEqual({ disputes: {}, promises: [], annotations: [], escalations: {}, messages: [] });
  });

  it('reads the escalations the server wrote into the team document', () => {
    const team = new Y.Doc();
    const escalation = { taskId: 'task-1', invoiceNumbers: ['INV-3', 'INV-4'], reason: '3 reminders without an answer', escalatedAt: '2026-11-23T10:00:00.000Z' };
    sessionMaps(team).escalations.set('INV-3', escalation);
    sessionMaps(team).escalations.set('INV-4', escalation);
    expect(readRecords(team, 'team').escalations).toEqual({ 'INV-3': escalation, 'INV-4': escalation });
  });

  it('reads the conversation from the shared document, oldest first', () => {
    const shared = new Y.Doc();
    const reply = { from: 'team' as const, author: 'Sam', body: 'Found it.', at: '2026-12-05T08:05:00.000Z' };
    const question = { from: 'customer' as const, author: 'Acme', body: 'Did you get our payment?', at: '2026-12-05T08:00:00.000Z', taskId: 'task-1' };
    sessionMaps(shared).messages.set('m-2', reply);
    sessionMaps(shared).messages.set('m-1', question);
    expect(readRecords(shared, 'shared').messages).toEqual([
      { ...question, id: 'm-1' },
      { ...reply, id: 'm-2' },
    ]);
  });
});
