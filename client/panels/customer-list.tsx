/** Customers with their open balance; staff start a live session for one from here. */
import { useEffect, useState } from 'react';
import { sessionsApi } from '../api/sessions-api.ts';
import { formatMoney } from '../format.ts';
import { useLedgerStore } from '../state/ledger-store.ts';
import { useRouter } from '../state/router.ts';

export function CustomerList({ canStartSessions }: { canStartSessions: boolean }) {
  const customers = useLedgerStore((state) => state.customers);
  const error = useLedgerStore((state) => state.errors.customers);
  const loadCustomers = useLedgerStore((state) => state.loadCustomers);
  const navigate = useRouter((state) => state.navigate);
  const [starting, setStarting] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  useEffect(() => {
    void loadCustomers();
  }, [loadCustomers]);

  const start = async (ref: string, name: string) => {
    setStarting(ref);
    try {
      // Rejoin the customer's open session if there is one: one conversation, one room.
      const [existing] = await sessionsApi.openFor(ref);
      const session = existing ?? (await sessionsApi.create(ref, `Account review: ${name}`));
      navigate(`/sessions/${session.id}`);
    } catch (e) {
      setStartError(e instanceof Error ? e.message : String(e));
      setStarting(null);
    }
  };

  if (!customers && error) return <p role="alert">{error}</p>;
  if (!customers) return <p>Loading customers…</p>;
  return (
    <>
      {startError && (
        <p role="alert" className="error">
          {startError}
        </p>
      )}
      <table className="customers" aria-label="Customers">
        <thead>
          <tr>
            <th>Customer</th>
            <th>Owner</th>
            <th className="num">Open balance</th>
            {canStartSessions && <th aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.id}>
              <td>
                <span className="ref">{customer.ref}</span> {customer.name}
              </td>
              <td>{customer.salesOwnerName ?? '—'}</td>
              <td className="num">{formatMoney(customer.openBalance, customer.currency)}</td>
              {canStartSessions && (
                <td>
                  <button type="button" className="small" disabled={starting !== null} onClick={() => void start(customer.ref, customer.name)} aria-label={`Open a session with ${customer.name}`}>
                    {starting === customer.ref ? 'Starting…' : 'Session'}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
