/**
 * `/` for staff: customers (start a session from here), my tasks, and the finance dashboard
 * (metrics, charts, dispute queue). Finance and admin resolve disputes; sales see the queue.
 */
import { lazy, Suspense } from 'react';
import { can, Permission, type StaffRole } from '../../shared/roles.ts';
import { useAuthStore } from '../state/auth-store.ts';
import { useRouter } from '../state/router.ts';
import { CustomerList } from './customer-list.tsx';
import { DisputeQueue } from './dispute-queue.tsx';
import { MetricsPanel } from './metrics-panel.tsx';
import { TasksPanel } from './tasks-panel.tsx';

// The 3D view (three, R3F) is a separate chunk: the dashboard is usable before it arrives.
const TableScene = lazy(() => import('../scene/table-scene.tsx'));

export function Workspace() {
  const me = useAuthStore((state) => state.me);
  const logout = useAuthStore((state) => state.logout);
  const navigate = useRouter((state) => state.navigate);
  const role = (me?.role ?? 'sales') as StaffRole;
  return (
    <div className="workspace">
      <header className="topbar">
        <strong>Cashlens</strong>
        <span className="who">
          {me?.name} · {me?.role}
        </span>
        {(can(role, Permission.postLedger) || can(role, Permission.manageIntegrations)) && <button onClick={() => navigate('/integrations')}>Integrations</button>}
        <button onClick={() => void logout()}>Log out</button>
      </header>
      <section className="dashboard" aria-label="Dashboard">
        <h2>My tasks</h2>
        <TasksPanel />
        <h2>Customers</h2>
        <CustomerList canStartSessions={can(role, Permission.manageSessions)} />
      </section>
      <section className="finance" aria-label="Finance">
        <MetricsPanel />
        <h2>Dispute queue</h2>
        <DisputeQueue canResolve={can(role, Permission.resolveDispute)} />
        <section className="scene scene-preview" aria-label="3D view">
          <Suspense fallback={<div className="scene-loading">Loading 3D view…</div>}>
            <TableScene />
          </Suspense>
        </section>
      </section>
    </div>
  );
}
