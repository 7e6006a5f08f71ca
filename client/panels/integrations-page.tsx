/**
 * `/integrations`: bank statement import and its review queue (finance and admin), API keys and
 * webhooks (admin only). The server enforces the same permissions; this only hides what a role
 * cannot use.
 */
import { can, Permission, type StaffRole } from '../../shared/roles.ts';
import { useAuthStore } from '../state/auth-store.ts';
import { useRouter } from '../state/router.ts';
import { ApiKeysPanel } from './api-keys-panel.tsx';
import { BankImportPanel } from './bank-import-panel.tsx';
import { BankReviewQueue } from './bank-review-queue.tsx';
import { WebhooksPanel } from './webhooks-panel.tsx';
import './integrations.css';

export function IntegrationsPage() {
  const me = useAuthStore((state) => state.me);
  const navigate = useRouter((state) => state.navigate);
  const role = (me?.role ?? 'sales') as StaffRole;
  const banking = can(role, Permission.postLedger);
  const admin = can(role, Permission.manageIntegrations);

  return (
    <main className="integrations">
      <header className="topbar">
        <strong>Cashlens · Integrations</strong>
        <span className="who">
          {me?.name} · {me?.role}
        </span>
        <button onClick={() => navigate('/')}>Back to the workspace</button>
      </header>
      {!banking && !admin && <p role="alert">Integrations are for finance and admins.</p>}
      <div className="integrations-grid">
        {banking && (
          <div>
            <BankImportPanel />
            <BankReviewQueue />
          </div>
        )}
        {admin && (
          <div>
            <ApiKeysPanel />
            <WebhooksPanel />
          </div>
        )}
      </div>
    </main>
  );
}
