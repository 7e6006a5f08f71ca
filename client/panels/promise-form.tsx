/** Promise to pay an invoice by a date: writes a `promises` entry with status requested. */
import { useId, useState, type FormEvent } from 'react';
import type { CardModel } from '../scene/scene-model.ts';
import { formatMoney, minorToMajorText, parseMajorToMinor, todayUtc } from '../format.ts';
import { addDays } from '../../shared/time/dates.ts';
import { useSessionStore } from '../state/session-store.ts';
import { useUiStore } from '../state/ui-store.ts';

export function PromiseForm({ card }: { card: CardModel }) {
  const connection = useSessionStore((state) => state.connection);
  const announce = useUiStore((state) => state.announce);
  const [amount, setAmount] = useState(() => minorToMajorText(card.openAmount, card.currency));
  const [date, setDate] = useState(() => addDays(todayUtc(), 7));
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!connection) return;
    const minor = parseMajorToMinor(amount, card.currency);
    if (minor === null || minor <= 0) return setError('Amount: enter a positive amount, e.g. 1250.00.');
    if (minor > card.openAmount) return setError(`Amount: at most the open balance, ${formatMoney(card.openAmount, card.currency)}.`);
    if (date < todayUtc()) return setError('Date: a promise is for today or later.');
    const result = connection.promiseToPay([card.invoiceNumber], minor, date);
    if (!result.ok) return setError(result.reason);
    setError(null);
    announce(`Promise to pay ${formatMoney(minor, card.currency)} by ${date} ${connection.online ? 'recorded' : 'saved; it is sent when the connection is back'}.`);
  };

  return (
    <form className="stack" onSubmit={submit} aria-label={`Promise to pay ${card.invoiceNumber}`}>
      <label htmlFor={`${id}-amount`}>Amount ({card.currency})</label>
      <input id={`${id}-amount`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
      <label htmlFor={`${id}-date`}>Pay by</label>
      <input id={`${id}-date`} type="date" value={date} min={todayUtc()} onChange={(e) => setDate(e.target.value)} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit">Promise to pay</button>
    </form>
  );
}
