/** Who else is in the session, in their presence colour. */
import { useMemo } from 'react';
import { useSessionStore } from '../state/session-store.ts';
import { toPeers } from '../sync/scene-mapping.ts';

export function PresenceList({ selfName }: { selfName: string }) {
  const snapshot = useSessionStore((state) => state.snapshot);
  const peers = useMemo(() => (snapshot ? toPeers(snapshot.awareness, snapshot.localClientId) : []), [snapshot]);
  return (
    <ul className="presence" aria-label="People in this session">
      <li>
        <span className="swatch" style={{ background: '#e2e8f0' }} aria-hidden="true" />
        {selfName} (you)
      </li>
      {peers.map((peer) => (
        <li key={peer.clientId}>
          <span className="swatch" style={{ background: peer.color }} aria-hidden="true" />
          {peer.name} <span className="muted">{peer.role}</span>
        </li>
      ))}
    </ul>
  );
}
