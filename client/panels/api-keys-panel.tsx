/**
 * API keys admin: create a key with its scopes (the key is shown once, right after), list keys
 * with scope and last use, revoke one (refused at once from then on).
 */
import { useEffect, useState } from 'react';
import type { ApiKeyScope } from '../api/integrations-api.ts';
import { useApiKeysStore } from '../state/api-keys-store.ts';

const timestamp = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }) + ' UTC' : 'never');

export function ApiKeysPanel() {
  const keys = useApiKeysStore((state) => state.keys);
  const revealed = useApiKeysStore((state) => state.revealed);
  const error = useApiKeysStore((state) => state.error);
  const load = useApiKeysStore((state) => state.load);
  const create = useApiKeysStore((state) => state.create);
  const revoke = useApiKeysStore((state) => state.revoke);
  const forgetRevealed = useApiKeysStore((state) => state.forgetRevealed);
  const [name, setName] = useState('');
  const [writeLedger, setWriteLedger] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="integration-panel" aria-label="API keys">
      <h2>API keys</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          const scopes: ApiKeyScope[] = writeLedger ? ['read', 'write-ledger'] : ['read'];
          void create(name.trim(), scopes).then(() => setName(''));
        }}
      >
        <label>
          Key name
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} />
        </label>
        <label>
          <input type="checkbox" checked={writeLedger} onChange={(event) => setWriteLedger(event.target.checked)} /> may post to the ledger (write-ledger)
        </label>
        <button type="submit" disabled={!name.trim()}>
          Create key
        </button>
      </form>
      {revealed && (
        <div className="secret-once" role="status" aria-label="New API key">
          <p>
            Key for <strong>{revealed.name}</strong>: copy it now, it is not shown again.
          </p>
          <code data-secret="api-key">{revealed.key}</code>
          <button type="button" className="small" onClick={forgetRevealed}>
            Done
          </button>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      {keys && (
        <table aria-label="API key list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Scopes</th>
              <th>Last used</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} data-key-name={key.name}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.scopes.join(', ')}</td>
                <td>{timestamp(key.lastUsedAt)}</td>
                <td>
                  {key.revokedAt ? (
                    <span className="badge">revoked {timestamp(key.revokedAt)}</span>
                  ) : (
                    <button type="button" className="small" onClick={() => void revoke(key.id)} aria-label={`Revoke ${key.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
