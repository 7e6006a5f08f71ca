/** Staff mint a customer or viewer link for this session and show it with its QR code. */
import { useEffect, useState, type FormEvent } from 'react';
import { sessionsApi, type ShareLinkDto } from '../api/sessions-api.ts';

export function ShareLinkPanel({ sessionId }: { sessionId: string }) {
  const [role, setRole] = useState<'customer' | 'viewer'>('customer');
  const [hours, setHours] = useState(72);
  const [links, setLinks] = useState<ShareLinkDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Links minted earlier (by anyone on the team) that still work.
  useEffect(() => {
    let live = true;
    sessionsApi.get(sessionId).then(
      (detail) => live && setLinks((current) => [...current, ...(detail.links ?? []).filter((l) => l.url && !current.some((c) => c.id === l.id))]),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [sessionId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const link = await sessionsApi.mintLink(sessionId, role, hours);
      setLinks((current) => [link, ...current]);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (link: ShareLinkDto) => {
    try {
      await sessionsApi.revokeLink(sessionId, link.id);
      setLinks((current) => current.filter((l) => l.id !== link.id));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section aria-label="Share this session" className="share">
      <form className="row" onSubmit={submit}>
        <label>
          Link for{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as 'customer' | 'viewer')}>
            <option value="customer">the customer</option>
            <option value="viewer">a viewer (read-only)</option>
          </select>
        </label>
        <label>
          valid{' '}
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            <option value={24}>1 day</option>
            <option value={72}>3 days</option>
            <option value={168}>7 days</option>
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Create link
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {links.map((link) => (
        <div key={link.id} className="share-link" aria-label={`${link.role} link`} role="group">
          {link.qrSvg ? (
            // The server renders the QR as SVG from its own library output; no user text inside it.
            <div className="qr" role="img" aria-label="QR code of the link" dangerouslySetInnerHTML={{ __html: link.qrSvg }} />
          ) : (
            <img className="qr" alt="QR code of the link" src={sessionsApi.qrPath(sessionId, link.id)} width={132} height={132} />
          )}
          <div className="stack">
            <input readOnly aria-label="Share link" value={link.url ?? ''} onFocus={(e) => e.target.select()} />
            <span className="muted small-text">
              {link.role} · until {new Date(link.expiresAt).toLocaleString()}
            </span>
            <div className="row">
              {/* Several links show the same two buttons: each says which link it acts on. */}
              <button type="button" aria-label={`Copy the ${link.role} link valid until ${new Date(link.expiresAt).toLocaleString()}`} onClick={() => void navigator.clipboard?.writeText(link.url ?? '')}>
                Copy
              </button>
              <button type="button" aria-label={`Revoke the ${link.role} link valid until ${new Date(link.expiresAt).toLocaleString()}`} onClick={() => void revoke(link)}>
                Revoke
              </button>
            </div>
          </div>
        </div>
      ))}
    </section>
  );
}
