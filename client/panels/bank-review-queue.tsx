/**
 * The bank review queue: lines the matcher would not guess (unknown payer, ambiguous amount,
 * refused by the ledger). Finance confirms one to a suggested invoice, splits it over several
 * invoices of a customer, or dismisses it; the server's refusal is shown on the entry.
 */
import { useEffect, useState } from 'react';
import type { Allocation, BankEntry } from '../api/integrations-api.ts';
import { formatDate, formatMoney, minorToMajorText, parseMajorToMinor } from '../format.ts';
import { useBankStore } from '../state/bank-store.ts';

export function BankReviewQueue() {
  const queue = useBankStore((state) => state.queue);
  const queueError = useBankStore((state) => state.queueError);
  const loadQueue = useBankStore((state) => state.loadQueue);
  useEffect(() => {
    void loadQueue();
  }, [loadQueue]);

  return (
    <section className="integration-panel" aria-label="Bank review queue">
      <h2>Review queue</h2>
      {queueError && <p role="alert">Review queue unavailable: {queueError}</p>}
      {!queue ? (
        <p className="muted">Loading…</p>
      ) : queue.length === 0 ? (
        <p className="muted">Nothing waits for review.</p>
      ) : (
        <ul className="review-queue">
          {queue.map((entry) => (
            <ReviewEntry key={entry.id} entry={entry} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReviewEntry({ entry }: { entry: BankEntry }) {
  const confirm = useBankStore((state) => state.confirm);
  const dismiss = useBankStore((state) => state.dismiss);
  const error = useBankStore((state) => state.entryErrors[entry.id]);
  const [splitting, setSplitting] = useState(false);
  const label = `${formatMoney(entry.amount, entry.currency)} from ${entry.debtorName ?? 'unknown payer'}`;

  return (
    <li data-entry={entry.entryRef} aria-label={`Bank line ${entry.entryRef}`}>
      <div className="row spread">
        <strong>{label}</strong>
        <span className="muted small-text">{formatDate(entry.bookingDate)}</span>
      </div>
      {entry.remittance && <p className="quote">{entry.remittance}</p>}
      <p className="muted small-text">{entry.reason}</p>
      <div className="row">
        {entry.suggestions.map((suggestion) => (
          <button
            key={suggestion.invoiceNumber}
            type="button"
            className="small"
            onClick={() => void confirm(entry.id, suggestion.customerRef, [{ invoiceNumber: suggestion.invoiceNumber, amount: Math.min(entry.amount, suggestion.openAmount) }])}
          >
            Confirm to {suggestion.invoiceNumber} ({suggestion.customerRef}, open {formatMoney(suggestion.openAmount, suggestion.currency)})
          </button>
        ))}
        <button type="button" className="small" onClick={() => setSplitting(!splitting)} aria-expanded={splitting}>
          Split…
        </button>
        <button type="button" className="small" onClick={() => void dismiss(entry.id, 'Not a customer payment')}>
          Dismiss
        </button>
      </div>
      {splitting && <SplitForm entry={entry} onConfirm={(customerRef, allocations) => confirm(entry.id, customerRef, allocations)} />}
      {error && <p role="alert">{error}</p>}
    </li>
  );
}

interface SplitRow {
  readonly invoiceNumber: string;
  readonly amount: string;
}

/** Customer and invoice/amount rows; amounts typed in major units, sent as minor units. */
function SplitForm({ entry, onConfirm }: { entry: BankEntry; onConfirm: (customerRef: string, allocations: readonly Allocation[]) => Promise<boolean> }) {
  const first = entry.suggestions[0];
  const [customerRef, setCustomerRef] = useState(first?.customerRef ?? '');
  const [rows, setRows] = useState<readonly SplitRow[]>(() => [{ invoiceNumber: first?.invoiceNumber ?? '', amount: minorToMajorText(entry.amount, entry.currency) }]);
  const [problem, setProblem] = useState<string | null>(null);
  const update = (index: number, change: Partial<SplitRow>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  return (
    <form
      className="split-form"
      aria-label={`Split ${entry.entryRef}`}
      onSubmit={(event) => {
        event.preventDefault();
        const allocations: Allocation[] = [];
        for (const [index, row] of rows.entries()) {
          const amount = parseMajorToMinor(row.amount, entry.currency);
          if (!row.invoiceNumber.trim()) return setProblem(`Row ${index + 1}: an invoice number is needed.`);
          if (amount === null || amount <= 0) return setProblem(`Row ${index + 1}: "${row.amount}" is not an amount.`);
          allocations.push({ invoiceNumber: row.invoiceNumber.trim(), amount });
        }
        const sum = allocations.reduce((total, allocation) => total + allocation.amount, 0);
        if (sum > entry.amount) return setProblem(`The split (${formatMoney(sum, entry.currency)}) is more than the line (${formatMoney(entry.amount, entry.currency)}).`);
        if (!customerRef.trim()) return setProblem('A customer is needed.');
        setProblem(null);
        void onConfirm(customerRef.trim(), allocations);
      }}
    >
      <label>
        Customer
        <input value={customerRef} onChange={(event) => setCustomerRef(event.target.value)} />
      </label>
      {rows.map((row, index) => (
        <div className="row" key={index}>
          <label>
            Invoice {index + 1}
            <input value={row.invoiceNumber} onChange={(event) => update(index, { invoiceNumber: event.target.value })} />
          </label>
          <label>
            Amount {index + 1}
            <input inputMode="decimal" value={row.amount} onChange={(event) => update(index, { amount: event.target.value })} />
          </label>
        </div>
      ))}
      <div className="row">
        <button type="button" className="small" onClick={() => setRows([...rows, { invoiceNumber: '', amount: '' }])}>
          Add invoice
        </button>
        <button type="submit" className="small">
          Confirm split
        </button>
      </div>
      {problem && <p role="alert">{problem}</p>}
    </form>
  );
}
