import { useEffect } from 'react';
import { useAuthStore } from './state/auth-store.ts';
import { LoginPage } from './panels/login-page.tsx';
import { Workspace } from './panels/workspace.tsx';

export function App() {
  const status = useAuthStore((state) => state.status);
  const refresh = useAuthStore((state) => state.refresh);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (status === 'unknown') return <div className="splash">Cashlens…</div>;
  if (status === 'anonymous') return <LoginPage />;
  return <Workspace />;
}
