import { describe, expect, it } from 'vitest';
import { checkComment, checkOpen, isOpenAt, resolve } from '../../../../shared/disputes/dispute.ts';

describe('dispute state machine', () => {
  const open = { status: 'open' as const, openedOn: '2026-03-01' };

  it('opens with a known reason on or after the issue date', () => {
    expect(checkOpen({ reason: 'pricing', note: 'too high', openedOn: '2026-03-01' }, { issueDate: '2026-02-01', voided: false }).ok).toBe(true);
    expect(checkOpen({ reason: 'vibes', note: '', openedOn: '2026-03-01' }, { issueDate: '2026-02-01', voided: false })).toMatchObject({ ok: false, error: { field: 'reason' } });
    expect(checkOpen({ reason: 'quality', note: '', openedOn: '2026-01-01' }, { issueDate: '2026-02-01', voided: false })).toMatchObject({ ok: false, error: { field: 'openedOn' } });
    expect(checkOpen({ reason: 'quality', note: '', openedOn: '2026-03-01' }, { issueDate: '2026-02-01', voided: true })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('resolves once: credit needs 0 < credit ≤ open, other outcomes take no credit', () => {
    expect(resolve(open, { outcome: 'credit', creditAmount: 500, note: 'ok', resolvedOn: '2026-03-05' }, 1_000n)).toMatchObject({ ok: true, value: { outcome: 'credit', creditAmount: 500n } });
    expect(resolve(open, { outcome: 'credit', creditAmount: 1_001, note: '', resolvedOn: '2026-03-05' }, 1_000n)).toMatchObject({ ok: false, error: { field: 'creditAmount', code: 'over_application' } });
    expect(resolve(open, { outcome: 'credit', note: '', resolvedOn: '2026-03-05' }, 1_000n)).toMatchObject({ ok: false, error: { field: 'creditAmount' } });
    expect(resolve(open, { outcome: 'upheld', creditAmount: 5, note: '', resolvedOn: '2026-03-05' }, 1_000n)).toMatchObject({ ok: false, error: { field: 'creditAmount' } });
    expect(resolve(open, { outcome: 'rejected', note: '', resolvedOn: '2026-02-05' }, 1_000n)).toMatchObject({ ok: false, error: { field: 'resolvedOn' } });
    expect(resolve({ ...open, status: 'resolved' }, { outcome: 'upheld', note: '', resolvedOn: '2026-03-05' }, 1_000n)).toMatchObject({ ok: false, error: { code: 'invalid_state', field: 'outcome' } });
  });

  it('checks comments and openness at a date', () => {
    expect(checkComment('   ')).toMatchObject({ ok: false, error: { field: 'body' } });
    expect(checkComment(' hi ')).toEqual({ ok: true, value: 'hi' });
    expect(isOpenAt({ openedOn: '2026-03-01', resolvedOn: '2026-03-05' }, '2026-03-04')).toBe(true);
    expect(isOpenAt({ openedOn: '2026-03-01', resolvedOn: '2026-03-05' }, '2026-03-05')).toBe(false);
  });
});
