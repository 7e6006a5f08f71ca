import { useEffect, useState } from 'react';
import { api } from '../api/http.ts';
import { formatMoney } from '../format.ts';

interface CustomerRow {
  id: string;
  ref: string;
  name: string;
  currency: string;
  salesOwnerName: string | null;
  openBalance: number;
}

export function CustomerList() {
  const [customers, setCustomers] = useState<CustomerRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<CustomerRow[]>('/customers').then(setCustomers, (e: Error) => setError(e.message));
  }, []);

  if (error) return <p role="alert">{error}</p>;
  if (!customers) return <p>Loading customers…</p>;
  return (
    <table className="customers" aria-label="Customers">
      <thead>
        <tr>
          <th>Customer</th>
          <th>Owner</th>
          <th className="num">Open balance</th>
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
          </tr>
        ))}
      </tbody>
    </table>
  );
}
