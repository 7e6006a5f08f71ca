/**
 * Finance's dispute queue: every open dispute, oldest first, with resolve actions. It polls twice
 * a second while the tab is visible (one indexed query of the open disputes), so a flag raised in
 * a session shows up here within a second without a separate push channel.
 */
import { useEffect, useState } from 'react';
import type { DisputeSummary } from '../api/ledger-api.ts';
import { formatDate, formatMoney, reasonLabels } from '../format.ts';
import { useLedgerStore } from '../state/ledger-store.ts';
import { ResolveDisputeForm } from './resolve-dispute-form.tsx';

const POLL_MS = 500;

export function DisputeQueue({ canResolve }: { canResolve: boolean }) {
  const disputes = useLedgerStore((state) => state.disputes);
  const loadDisputes = useLedgerStore((state) => state.loadDisputes);
  const error = useLedgerStore((state) => state.errors.disputes);
  const customers = useLedgerStore((state) => state.customers);
  const customerOf = (id: string) => customers?.find((c) => c.id === id);
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    void loadDisputes();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void loadDisputes();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [loadDisputes]);

  if (!disputes) return error ? <p role="alert">Disputes unavailable: {error}</p> : <p className="muted">Loading disputes…</p>;
  const queue = disputes.filter((d) => d.status === 'open').sort((a, b) => a.openedOn.localeCompare(b.openedOn) || a.invoiceNumber.localeCompare(b.invoiceNumber));
  if (queue.length === 0) return <p className="muted">No open disputes.</p>;
  return (
    <ul className="dispute-queue" aria-label="Dispute queue">
      {queue.map((dispute: DisputeSummary) => (
        <li key={dispute.id} data-invoice={dispute.invoiceNumber}>
          <div className="row spread">
            <span>
              <strong>{dispute.invoiceNumber}</strong> <span className="muted">{dispute.customerName ?? customerOf(dispute.customerId)?.name ?? ''}</span>
            </span>
            <span className="badge">{reasonLabels[dispute.reason] ?? dispute.reason}</span>
          </div>
          <div className="muted small-text">
            opened {formatDate(dispute.openedOn)}
            {dispute.openAmount !== undefined && dispute.currency ? ` · open ${formatMoney(dispute.openAmount, dispute.currency)}` : ''}
          </div>
          {dispute.note && <p className="quote">{dispute.note}</p>}
          {canResolve &&
            (open === dispute.id ? (
              <ResolveDisputeForm dispute={dispute} currency={dispute.currency ?? customerOf(dispute.customerId)?.currency ?? 'USD'} onDone={() => setOpen(null)} />
            ) : (
              <button type="button" className="small" onClick={() => setOpen(dispute.id)} aria-label={`Resolve dispute on ${dispute.invoiceNumber}`}>
                Resolve…
              </button>
            ))}
        </li>
      ))}
    </ul>
  );
}
