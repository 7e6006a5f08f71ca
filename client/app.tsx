import { useEffect } from 'react';
import { useAuthStore } from './state/auth-store.ts';
import { useRouter } from './state/router.ts';
import { LoginPage } from './panels/login-page.tsx';
import { Workspace } from './panels/workspace.tsx';
import { SessionPage } from './panels/session-page.tsx';
import { LinkView } from './panels/link-view.tsx';
import { IntegrationsPage } from './panels/integrations-page.tsx';

/** Link holders never log in: their token is the credential. Everything else needs a staff login. */
export function App() {
  const route = useRouter((state) => state.route);
  if (route.page === 'link') return <LinkView token={route.token} />;
  return <StaffApp />;
}

function StaffApp() {
  const status = useAuthStore((state) => state.status);
  const refresh = useAuthStore((state) => state.refresh);
  const route = useRouter((state) => state.route);
  const navigate = useRouter((state) => state.navigate);
  const error = useAuthStore((state) => state.error);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (status === 'unknown') return <div className="splash">Cashlens…</div>;
  if (status === 'unreachable') {
    return (
      <main className="message-page">
        <p role="alert">{error}</p>
        <button onClick={() => void refresh()}>Try again</button>
      </main>
    );
  }
  if (status === 'anonymous') return <LoginPage />;
  if (route.page === 'session') return <SessionPage sessionId={route.sessionId} />;
  if (route.page === 'integrations') return <IntegrationsPage />;
  if (route.page === 'not-found') {
    return (
      <main className="message-page">
        <p role="alert">Nothing at {route.path}.</p>
        <button onClick={() => navigate('/')}>Go to the workspace</button>
      </main>
    );
  }
  return <Workspace />;
}
