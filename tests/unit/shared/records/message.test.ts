import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkEntry, findInvalidEntries, sessionMaps } from '../../../../shared/doc/index.ts';
import { byTimeThenId, messageRecord, MESSAGE_BODY_MAX_LENGTH, type SessionMessage } from '../../../../shared/records/message.ts';

const valid: SessionMessage = { from: 'customer', author: 'Acme Corp', body: 'We paid INV-7 on Friday.', at: '2026-12-05T08:30:00.000Z', taskId: 'task-1' };

describe('message record', () => {
  it('accepts a customer message and a team reply without a task', () => {
    expect(messageRecord.check(valid)).toEqual({ ok: true, value: valid });
    const reply = { from: 'team', author: 'Sam Sales', body: 'Found it, thanks.', at: '2026-12-05T08:31:02Z' };
    expect(messageRecord.check(reply).ok).toBe(true);
  });

  it('refuses what a hostile or broken writer could send, naming the field', () => {
    const cases: Array<[unknown, string]> = [
      [{ ...valid, from: 'finance' }, '/from'],
      [{ ...valid, body: '' }, '/body'],
      [{ ...valid, body: 'x'.repeat(MESSAGE_BODY_MAX_LENGTH + 1) }, '/body'],
      [{ ...valid, author: '' }, '/author'],
      [{ ...valid, at: '5 Dec 2026' }, '/at'],
      [{ ...valid, taskId: 42 }, '/taskId'],
      [{ ...valid, extra: true }, '/'],
    ];
    for (const [value, where] of cases) {
      const checked = messageRecord.check(value);
      expect(checked.ok, JSON.stringify(value).slice(0, 80)).toBe(false);
      if (!checked.ok) expect(checked.reason).toContain(`message ${where}`);
    }
    expect(messageRecord.check(null).ok).toBe(false);
    expect(messageRecord.check('hello').ok).toBe(false);
    // The longest body allowed is still a message.
    expect(messageRecord.check({ ...valid, body: 'x'.repeat(MESSAGE_BODY_MAX_LENGTH) }).ok).toBe(true);
  });

  it('is the validator of the documents\u2019 messages map, keys included', () => {
    expect(checkEntry('messages', 'b3c0e1a2-7f00-4c1e-9a55-0d6a1b2c3d4e', valid).ok).toBe(true);
    expect(checkEntry('messages', 'not a key!', valid)).toMatchObject({ ok: false, reason: expect.stringContaining('not a valid id') });
    const doc = new Y.Doc();
    sessionMaps(doc).messages.set('m1', valid);
    sessionMaps(doc).messages.set('m2', { ...valid, from: 'nobody' } as unknown as SessionMessage);
    expect(findInvalidEntries(doc)).toEqual([{ map: 'messages', key: 'm2', reason: expect.stringContaining('/from') }]);
  });

  it('orders oldest first, the id breaking ties so every participant agrees', () => {
    const entries = [
      { id: 'b', at: '2026-12-05T08:31:00.000Z' },
      { id: 'c', at: '2026-12-05T08:30:00.000Z' },
      { id: 'a', at: '2026-12-05T08:31:00.000Z' },
    ];
    expect([...entries].sort(byTimeThenId).map((entry) => entry.id)).toEqual(['c', 'a', 'b']);
  });
});
