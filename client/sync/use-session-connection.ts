/** Connects the session store to a live session for as long as the calling page is mounted. */
import { useEffect } from 'react';
import type { DocName } from '../../shared/doc/session-doc.ts';
import { useSessionStore } from '../state/session-store.ts';
import { SessionConnection, type LocalUser } from './session-connection.ts';

export function useSessionConnection(sessionId: string | null, user: LocalUser | null, docs: readonly DocName[], token?: string): void {
  const docKey = docs.join(',');
  const userKey = user ? `${user.id}|${user.name}|${user.role}|${user.color}` : '';
  useEffect(() => {
    if (!sessionId || !user) return;
    const { attach, receive } = useSessionStore.getState();
    const connection = new SessionConnection({ sessionId, docs: docKey.split(',') as DocName[], user, ...(token ? { token } : {}), onChange: receive });
    attach(connection);
    return () => {
      connection.destroy();
      attach(null);
    };
    // userKey stands for `user`: reconnect when who we are changes, not when the object is rebuilt.
  }, [sessionId, userKey, docKey, token]);
}
