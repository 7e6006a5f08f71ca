/** Connects the session store to a live session for as long as the calling page is mounted. */
import { useEffect } from 'react';
import type { DocName } from '../../shared/doc/session-doc.ts';
import { useAuthStore } from '../state/auth-store.ts';
import { useSessionStore } from '../state/session-store.ts';
import { SessionConnection, type LocalUser, type SessionSnapshot } from './session-connection.ts';

/** Close code of a staff socket whose login ended (logout elsewhere, new role or password). */
const LOGIN_ENDED = 4401;

export function useSessionConnection(sessionId: string | null, user: LocalUser | null, docs: readonly DocName[], token?: string): void {
  const docKey = docs.join(',');
  const userKey = user ? `${user.id}|${user.name}|${user.role}|${user.color}` : '';
  useEffect(() => {
    if (!sessionId || !user) return;
    const { attach, receive } = useSessionStore.getState();
    let loginChecked = false;
    const onChange = (snapshot: SessionSnapshot) => {
      receive(snapshot);
      // The login behind this socket ended: asking /auth/me again (401) brings back the login page.
      if (!token && snapshot.closedCode === LOGIN_ENDED && !loginChecked) {
        loginChecked = true;
        void useAuthStore.getState().refresh();
      }
    };
    const connection = new SessionConnection({ sessionId, docs: docKey.split(',') as DocName[], user, ...(token ? { token } : {}), onChange });
    attach(connection);
    return () => {
      connection.destroy();
      attach(null);
    };
    // userKey stands for `user`: reconnect when who we are changes, not when the object is rebuilt.
  }, [sessionId, userKey, docKey, token]);
}
