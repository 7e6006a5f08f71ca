/** Live / reconnecting / offline, so nobody thinks a flag reached finance when it has not yet. */
import { useSessionStore } from '../state/session-store.ts';

const labels = {
  connected: 'Live',
  connecting: 'Connecting…',
  disconnected: 'Offline, reconnecting: your changes are kept and will sync',
  closed: 'Disconnected',
} as const;

export function ConnectionIndicator() {
  const status = useSessionStore((state) => state.snapshot?.status ?? 'connecting');
  const synced = useSessionStore((state) => state.snapshot?.synced ?? false);
  const reason = useSessionStore((state) => state.snapshot?.closedReason ?? null);
  const label = status === 'connected' && !synced ? 'Syncing…' : labels[status];
  return (
    <span className={`connection connection-${status}`} role="status" aria-live="polite" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {label}
      {status === 'closed' && reason ? `: ${reason}` : ''}
    </span>
  );
}
