/** `/sessions/:id` for staff: loads the session and its customer's invoices, joins both documents. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ledgerApi } from '../api/ledger-api.ts';
import { productFor, productsApi } from '../api/products-api.ts';
import { sessionsApi } from '../api/sessions-api.ts';
import type { ProductModel } from '../scene/scene-model.ts';
import type { StaffRole } from '../../shared/roles.ts';
import { useAuthStore } from '../state/auth-store.ts';
import { useLedgerStore } from '../state/ledger-store.ts';
import { useRouter } from '../state/router.ts';
import { useSessionStore } from '../state/session-store.ts';
import { colorFor } from '../sync/scene-mapping.ts';
import { useSessionConnection } from '../sync/use-session-connection.ts';
import { SessionView } from './session-view.tsx';

const staffDocs = ['team', 'shared'] as const;

export function SessionPage({ sessionId }: { sessionId: string }) {
  const me = useAuthStore((state) => state.me);
  const info = useSessionStore((state) => state.info);
  const setInfo = useSessionStore((state) => state.setInfo);
  const loadInvoices = useLedgerStore((state) => state.loadInvoices);
  const navigate = useRouter((state) => state.navigate);
  const [error, setError] = useState<string | null>(null);
  const [products, setProducts] = useState<readonly ProductModel[]>([]);

  useEffect(() => {
    let live = true;
    useLedgerStore.getState().clearInvoices();
    sessionsApi.get(sessionId).then(
      (session) => live && setInfo({ id: session.id, customerRef: session.customerRef, title: session.title, ...(session.customerName ? { customerName: session.customerName } : {}) }),
      (e: Error) => live && setError(e.message),
    );
    productsApi.list().then((list) => live && setProducts(list), () => undefined);
    return () => {
      live = false;
      setInfo(null);
    };
  }, [sessionId, setInfo]);

  const customerRef = info?.id === sessionId ? info.customerRef : null;
  const reloadInvoices = useCallback(() => {
    if (customerRef) void loadInvoices(() => ledgerApi.invoicesOf(customerRef));
  }, [customerRef, loadInvoices]);
  useEffect(reloadInvoices, [reloadInvoices]);

  const user = useMemo(() => (me ? { id: me.id, name: me.name, role: me.role as StaffRole, color: colorFor(me.id) } : null), [me]);
  useSessionConnection(customerRef ? sessionId : null, user, staffDocs);

  if (error) {
    return (
      <main className="message-page">
        <p role="alert">{error}</p>
        <button onClick={() => navigate('/')}>Back to the workspace</button>
      </main>
    );
  }
  if (!info || !me || info.id !== sessionId) return <div className="splash">Opening session…</div>;
  return (
    <SessionView
      info={info}
      me={{ name: me.name, role: me.role as StaffRole }}
      product={productFor(info.customerRef, products)}
      reloadInvoices={reloadInvoices}
      headerExtra={
        <button type="button" onClick={() => navigate('/')}>
          Workspace
        </button>
      }
    />
  );
}
