import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAnnotation,
  checkEntry,
  findInvalidEntries,
  flagDispute,
  presenceRecord,
  requestPromise,
  sessionMaps,
  setAnnotationResolved,
  setPlacement,
  MAX_DISTANCE_METRES,
} from '../../../../shared/doc/index.ts';

const now = new Date('2026-11-23T10:00:00.000Z');

describe('session document actions', () => {
  it('writes valid records that a second document receives unchanged', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
    expect(setPlacement(a, 'invoice:INV-1', [0.1, 0, -0.2], [0, 0, 0, 1], 'user-1').ok).toBe(true);
    expect(addAnnotation(a, { id: 'n1', authorId: 'u1', authorName: 'Ana', target: { kind: 'invoice', ref: 'INV-1' }, text: 'call Friday', position: [0, 1, 0], now }).ok).toBe(true);
    expect(flagDispute(a, { invoiceNumber: 'INV-1', reason: 'pricing', note: 'wrong rate', flaggedBy: 'Ana', now }).ok).toBe(true);
    expect(requestPromise(a, { id: 'p1', invoiceNumbers: ['INV-1'], amount: 12_500, date: '2026-12-01', by: 'Bob' }).ok).toBe(true);
    const maps = sessionMaps(b);
    expect(maps.placements.get('invoice:INV-1')).toEqual({ position: [0.1, 0, -0.2], quaternion: [0, 0, 0, 1], by: 'user-1' });
    expect(maps.annotations.get('n1')?.createdAt).toBe(now.toISOString());
    expect(maps.disputes.get('INV-1')).toMatchObject({ status: 'requested', reason: 'pricing', flaggedAt: now.toISOString() });
    expect(maps.promises.get('p1')).toMatchObject({ status: 'requested', amount: 12_500 });
    expect(findInvalidEntries(b)).toEqual([]);
    expect(setAnnotationResolved(a, 'n1', true).ok).toBe(true);
    expect(maps.annotations.get('n1')?.resolved).toBe(true);
  });

  it('refuses invalid input before writing anything', () => {
    const doc = new Y.Doc();
    const far = setPlacement(doc, 'invoice:INV-1', [MAX_DISTANCE_METRES + 1, 0, 0], [0, 0, 0, 1], 'u');
    expect(far).toMatchObject({ ok: false });
    expect(!far.ok && far.reason).toContain('/position/0');
    expect(requestPromise(doc, { id: 'p1', invoiceNumbers: ['INV-1'], amount: 1.5, date: '2026-12-01', by: 'Bob' }).ok).toBe(false);
    expect(addAnnotation(doc, { id: 'bad key with spaces', authorId: 'u', authorName: 'A', target: { kind: 'space', ref: '' }, text: 'x', position: [0, 0, 0] }).ok).toBe(false);
    expect(sessionMaps(doc).placements.size + sessionMaps(doc).promises.size + sessionMaps(doc).annotations.size).toBe(0);
  });

  it('does not re-request a dispute that is already open', () => {
    const doc = new Y.Doc();
    sessionMaps(doc).disputes.set('INV-2', { reason: 'quality', note: '', flaggedBy: 'A', flaggedAt: now.toISOString(), status: 'open', disputeId: 'd-1' });
    const again = flagDispute(doc, { invoiceNumber: 'INV-2', reason: 'pricing', note: 'x', flaggedBy: 'B', now });
    expect(again).toMatchObject({ ok: true, value: { status: 'open', disputeId: 'd-1' } });
  });
});

describe('record validation', () => {
  it('finds entries written around the helpers: wrong shape, NaN, extra fields, mismatched id', () => {
    const doc = new Y.Doc();
    const maps = sessionMaps(doc);
    (maps.placements as Y.Map<unknown>).set('invoice:INV-9', { position: [0, 0], quaternion: [0, 0, 0, 1], by: 'u' });
    (maps.disputes as Y.Map<unknown>).set('INV-9', { reason: 'because', note: '', flaggedBy: 'x', flaggedAt: now.toISOString(), status: 'requested' });
    (maps.promises as Y.Map<unknown>).set('p', { invoiceNumbers: ['INV-9'], amount: 5, date: '2026-12-01', by: 'b', status: 'requested', admin: true });
    (maps.annotations as Y.Map<unknown>).set('n1', { id: 'n2', authorId: 'u', authorName: 'A', target: { kind: 'space', ref: '' }, text: 't', position: [0, 0, 0], createdAt: now.toISOString(), resolved: false });
    const invalid = findInvalidEntries(doc);
    expect(invalid.map((entry) => `${entry.map}:${entry.key}`).sort()).toEqual(['annotations:n1', 'disputes:INV-9', 'placements:invoice:INV-9', 'promises:p']);
    expect(invalid.find((entry) => entry.map === 'annotations')?.reason).toContain('id does not match');
  });

  it('checks keys and presence states', () => {
    expect(checkEntry('disputes', 'INV\u0000', {}).ok).toBe(false);
    expect(presenceRecord.check({ user: { id: 'u1', name: 'Ana', role: 'sales', color: '#ff0000' }, head: { position: [0, 1.6, 0], quaternion: [0, 0, 0, 1] } }).ok).toBe(true);
    expect(presenceRecord.check({ user: { id: 'u1', name: 'Ana', role: 'god', color: '#ff0000' } }).ok).toBe(false);
  });

  it('migrates from older versions only when a migration exists', () => {
    expect(presenceRecord.migrate({ user: { id: 'u', name: 'n', role: 'viewer', color: '#000000' } }, 1).ok).toBe(true);
    expect(presenceRecord.migrate({}, 2)).toMatchObject({ ok: false });
    expect(presenceRecord.migrate({}, 0)).toMatchObject({ ok: false });
  });
});
