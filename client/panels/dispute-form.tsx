/** Flag a dispute on one invoice: reason code + note → `disputes[invoiceNumber]`, status requested. */
import { useId, useState, type FormEvent } from 'react';
import { DisputeReasonCode } from '../../shared/records/dispute-flag.ts';
import { reasonLabels } from '../format.ts';
import { useSessionStore } from '../state/session-store.ts';
import { useUiStore } from '../state/ui-store.ts';

const reasons = Object.values(DisputeReasonCode);

export function DisputeForm({ invoiceNumber }: { invoiceNumber: string }) {
  const connection = useSessionStore((state) => state.connection);
  const announce = useUiStore((state) => state.announce);
  const [reason, setReason] = useState<DisputeReasonCode>('pricing');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!connection) return;
    const result = connection.flagDispute(invoiceNumber, reason, note.trim());
    if (!result.ok) return setError(result.reason);
    setError(null);
    setNote('');
    announce(connection.online ? `Dispute on ${invoiceNumber} sent to finance.` : `Dispute on ${invoiceNumber} saved; it goes to finance when the connection is back.`);
  };

  return (
    <form className="stack" onSubmit={submit} aria-label={`Flag a dispute on ${invoiceNumber}`}>
      <label htmlFor={`${id}-reason`}>Reason</label>
      <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value as DisputeReasonCode)}>
        {reasons.map((code) => (
          <option key={code} value={code}>
            {reasonLabels[code] ?? code}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-note`}>Note</label>
      <textarea id={`${id}-note`} rows={2} maxLength={4000} value={note} onChange={(e) => setNote(e.target.value)} placeholder="What is wrong with this invoice?" />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit">Flag dispute</button>
    </form>
  );
}
