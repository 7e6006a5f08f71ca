/** Resolve one dispute: outcome, credit amount for a credit, and a note for the audit trail. */
import { useId, useState, type FormEvent } from 'react';
import type { DisputeOutcome, DisputeSummary } from '../api/ledger-api.ts';
import { parseMajorToMinor } from '../format.ts';
import { useLedgerStore } from '../state/ledger-store.ts';
import { useUiStore } from '../state/ui-store.ts';

export function ResolveDisputeForm({ dispute, currency, onDone }: { dispute: DisputeSummary; currency: string; onDone: () => void }) {
  const resolveDispute = useLedgerStore((state) => state.resolveDispute);
  const announce = useUiStore((state) => state.announce);
  const [outcome, setOutcome] = useState<DisputeOutcome>('upheld');
  const [credit, setCredit] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let creditAmount: number | undefined;
    if (outcome === 'credit') {
      const minor = parseMajorToMinor(credit, currency);
      if (minor === null || minor <= 0) return setError('Credit amount: enter a positive amount, e.g. 120.00.');
      creditAmount = minor;
    }
    setBusy(true);
    try {
      await resolveDispute(dispute.id, { outcome, note: note.trim(), ...(creditAmount === undefined ? {} : { creditAmount }) });
      announce(`Dispute on ${dispute.invoiceNumber} resolved (${outcome}).`);
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} aria-label={`Resolve dispute on ${dispute.invoiceNumber}`}>
      <fieldset className="row">
        <legend>Outcome</legend>
        {(['upheld', 'credit', 'rejected'] as const).map((value) => (
          <label key={value} className="inline">
            <input type="radio" name={`${id}-outcome`} value={value} checked={outcome === value} onChange={() => setOutcome(value)} />
            {value === 'upheld' ? 'Upheld: invoice stands as billed' : value === 'credit' ? 'Credit note' : 'Rejected: claim refused'}
          </label>
        ))}
      </fieldset>
      {outcome === 'credit' && (
        <>
          <label htmlFor={`${id}-credit`}>Credit amount ({currency})</label>
          <input id={`${id}-credit`} inputMode="decimal" value={credit} onChange={(e) => setCredit(e.target.value)} />
        </>
      )}
      <label htmlFor={`${id}-note`}>Resolution note</label>
      <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          Resolve
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
