/**
 * `/s/:token`: the customer's (or a viewer's) view through a share link, no login. The token
 * authenticates every API call (Bearer) and the `shared` document's socket (`?token=`); it sees
 * only its own invoices (portal API) and never the team document. The top bar offers the
 * statement as PDF/CSV and, to customers, a message to the team.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, setLinkToken } from '../api/http.ts';
import { productFor, productsApi } from '../api/products-api.ts';
import { portalApi } from '../api/sessions-api.ts';
import type { ProductModel } from '../scene/scene-model.ts';
import type { MeDto } from '../../shared/schemas/auth.ts';
import type { LinkRole } from '../../shared/roles.ts';
import { useLedgerStore } from '../state/ledger-store.ts';
import { useSessionStore } from '../state/session-store.ts';
import { colorFor } from '../sync/scene-mapping.ts';
import { useSessionConnection } from '../sync/use-session-connection.ts';
import { LinkSelfService } from './link-self-service.tsx';
import { SessionView } from './session-view.tsx';

const linkDocs = ['shared'] as const;

export function LinkView({ token }: { token: string }) {
  const [me, setMe] = useState<MeDto | null>(null);
  const [error, setError] = useState<{ readonly message: string; readonly linkRefused: boolean } | null>(null);
  // Link tokens only open /portal/*, /auth/me and /sync: the portal serves this customer's product alone.
  const [products, setProducts] = useState<readonly ProductModel[]>([]);
  const info = useSessionStore((state) => state.info);
  const setInfo = useSessionStore((state) => state.setInfo);
  const loadInvoices = useLedgerStore((state) => state.loadInvoices);

  useEffect(() => {
    let live = true;
    setLinkToken(token);
    useLedgerStore.setState({ invoices: null });
    (async () => {
      const who = await api<MeDto>('/auth/me');
      if (who.kind !== 'link' || !who.sessionId) throw new Error('This link does not open a session.');
      const session = await portalApi.session().catch(() => ({ id: who.sessionId!, customerRef: '', title: 'Your account' }));
      if (!live) return;
      setMe(who);
      productsApi.ofLink().then((own) => live && setProducts(own), () => undefined);
      setInfo({ id: who.sessionId, customerRef: session.customerRef, title: session.title, ...('customerName' in session && session.customerName ? { customerName: session.customerName } : {}) });
    })().catch((e: Error) => {
      // Only the server's refusal means the link is dead; a network failure or a 5xx is worth a retry.
      if (live) setError({ message: e.message, linkRefused: e instanceof ApiError && e.status >= 400 && e.status < 500 });
    });
    return () => {
      live = false;
      setLinkToken(null);
      setInfo(null);
    };
  }, [token, setInfo]);

  const reloadInvoices = useCallback(() => void loadInvoices(() => portalApi.invoices()), [loadInvoices]);
  useEffect(() => {
    if (me) reloadInvoices();
  }, [me, reloadInvoices]);

  const user = useMemo(() => (me ? { id: me.id, name: me.name, role: me.role as LinkRole, color: colorFor(me.id) } : null), [me]);
  useSessionConnection(me?.sessionId ?? null, user, linkDocs, token);

  if (error) {
    return (
      <main className="message-page">
        <h1>Cashlens</h1>
        <p role="alert">This link cannot be opened: {error.message}</p>
        {error.linkRefused ? (
          <p className="muted">It may have expired or been revoked. Ask your contact for a new one.</p>
        ) : (
          <button onClick={() => window.location.reload()}>Try again</button>
        )}
      </main>
    );
  }
  if (!me || !info) return <div className="splash">Opening…</div>;
  return (
    <SessionView
      info={info}
      me={{ name: me.name, role: me.role as LinkRole }}
      product={productFor(info.customerRef, products)}
      reloadInvoices={reloadInvoices}
      headerExtra={<LinkSelfService token={token} canMessage={me.role === 'customer'} />}
    />
  );
}
