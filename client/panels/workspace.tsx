import { lazy, Suspense } from 'react';
import { useAuthStore } from '../state/auth-store.ts';
import { CustomerList } from './customer-list.tsx';

// The 3D scene (three, R3F, XR) is a separate chunk: the dashboard is usable before it arrives.
const TableScene = lazy(() => import('../scene/table-scene.tsx'));

export function Workspace() {
  const me = useAuthStore((state) => state.me);
  const logout = useAuthStore((state) => state.logout);
  return (
    <div className="workspace">
      <header className="topbar">
        <strong>Cashlens</strong>
        <span className="who">
          {me?.name} · {me?.role}
        </span>
        <button onClick={() => void logout()}>Log out</button>
      </header>
      <section className="dashboard" aria-label="Dashboard">
        <CustomerList />
      </section>
      <section className="scene" aria-label="3D view">
        <Suspense fallback={<div className="scene-loading">Loading 3D view…</div>}>
          <TableScene />
        </Suspense>
      </section>
    </div>
  );
}
