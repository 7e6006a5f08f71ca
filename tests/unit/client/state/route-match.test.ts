import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../../../client/state/route-match.ts';

describe('matchRoute', () => {
  it('maps the three pages and tolerates a trailing slash', () => {
    expect(matchRoute('/')).toEqual({ page: 'workspace' });
    expect(matchRoute('')).toEqual({ page: 'workspace' });
    expect(matchRoute('/sessions/abc-123')).toEqual({ page: 'session', sessionId: 'abc-123' });
    expect(matchRoute('/sessions/abc-123/')).toEqual({ page: 'session', sessionId: 'abc-123' });
    expect(matchRoute('/s/tok.en_%2Bx')).toEqual({ page: 'link', token: 'tok.en_+x' });
  });

  it('reports anything else as not found instead of guessing', () => {
    expect(matchRoute('/sessions')).toEqual({ page: 'not-found', path: '/sessions' });
    expect(matchRoute('/sessions/a/b')).toEqual({ page: 'not-found', path: '/sessions/a/b' });
    expect(matchRoute('/s/')).toEqual({ page: 'not-found', path: '/s' });
  });
});
