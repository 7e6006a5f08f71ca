/**
 * The customer's self-service in the link view's top bar: download the statement (PDF, CSV) and,
 * for customer links, message the team. What the customer writes lands in its communication log
 * and on a follow-up task for its sales owner (or finance).
 */
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/http.ts';
import { MAX_MESSAGE_LENGTH, selfServiceApi } from '../api/portal-api.ts';

function MessageForm() {
  const [body, setBody] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'sending' | 'sent' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim().length === 0) return setState({ kind: 'error', message: 'Message: write something first.' });
    setState({ kind: 'sending' });
    try {
      await selfServiceApi.sendMessage(body.trim());
      setBody('');
      setState({ kind: 'sent' });
    } catch (error) {
      setState({ kind: 'error', message: error instanceof ApiError ? error.message : 'The message could not be sent; please try again.' });
    }
  };

  return (
    <form className="stack" aria-label="Message the team" onSubmit={submit}>
      <label htmlFor={`${id}-body`}>Message</label>
      <textarea id={`${id}-body`} rows={4} maxLength={MAX_MESSAGE_LENGTH} value={body} onChange={(e) => setBody(e.target.value)} placeholder="A question about an invoice, a payment you made…" />
      <span className="muted">
        {body.length} / {MAX_MESSAGE_LENGTH}
      </span>
      {state.kind === 'error' && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
      {state.kind === 'sent' && <p role="status">Sent. The team will get back to you.</p>}
      <button type="submit" disabled={state.kind === 'sending'}>
        Send message
      </button>
    </form>
  );
}

export function LinkSelfService({ token, canMessage }: { token: string; canMessage: boolean }) {
  return (
    <details style={{ position: 'relative', marginLeft: 'auto' }}>
      <summary>{canMessage ? 'Statement & messages' : 'Statement'}</summary>
      <section aria-label="Statement and messages" className="card-details" style={{ position: 'absolute', right: 0, top: '100%', zIndex: 20, width: '20rem' }}>
        <h2>Statement</h2>
        <p>
          <a href={selfServiceApi.statementUrl('pdf', token)} download>
            Download PDF
          </a>{' '}
          ·{' '}
          <a href={selfServiceApi.statementUrl('csv', token)} download>
            Download CSV
          </a>
        </p>
        {canMessage && (
          <>
            <h2>Message the team</h2>
            <MessageForm />
          </>
        )}
      </section>
    </details>
  );
}
