/**
 * The conversation between the customer and the team in a live session: the `messages` the
 * server writes into the shared document (oldest first, who and when), and a form to add one.
 * The form posts over HTTP (`send`): the message reaches the list through the document, like
 * everyone else's, so what a participant sees is what was stored.
 */
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/http.ts';
import { MESSAGE_BODY_MAX_LENGTH } from '../../shared/records/message.ts';
import { useSessionStore } from '../state/session-store.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export interface SessionMessagesProps {
  /** What the form is called ("Reply to the customer", "Message the team"). */
  readonly formLabel: string;
  /** Sends a message; omitted for those who may only read. */
  readonly send?: (body: string) => Promise<unknown>;
  readonly placeholder?: string;
  /** Said after a successful send (the customer is told the team will answer). */
  readonly sentNote?: string;
}

export function SessionMessages({ formLabel, send, placeholder, sentNote = 'Sent.' }: SessionMessagesProps) {
  const messages = useSessionStore((state) => state.snapshot?.messages);
  return (
    <div className="stack">
      {(messages?.length ?? 0) === 0 && <p className="muted">No messages yet.</p>}
      {/* Always rendered: a live region must exist before what it announces is added. */}
      <ul className="notes" aria-label="Messages" aria-live="polite" aria-relevant="additions">
        {(messages ?? []).map((message) => (
          <li key={message.id}>
            <div>
              <strong>{message.author}</strong> {message.from === 'team' && <span className="badge">team</span>}{' '}
              <time className="muted" dateTime={message.at}>
                {timeFormat.format(new Date(message.at))}
              </time>
            </div>
            <p style={{ whiteSpace: 'pre-wrap' }}>{message.body}</p>
          </li>
        ))}
      </ul>
      {send && <MessageForm label={formLabel} send={send} placeholder={placeholder} sentNote={sentNote} />}
    </div>
  );
}

function MessageForm({ label, send, placeholder, sentNote }: { label: string; send: (body: string) => Promise<unknown>; placeholder: string | undefined; sentNote: string }) {
  const [body, setBody] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'sending' | 'sent' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim().length === 0) return setState({ kind: 'error', message: 'Message: write something first.' });
    setState({ kind: 'sending' });
    try {
      await send(body.trim());
      setBody('');
      setState({ kind: 'sent' });
    } catch (error) {
      setState({ kind: 'error', message: error instanceof ApiError ? error.message : 'The message could not be sent; please try again.' });
    }
  };

  return (
    <form className="stack" aria-label={label} onSubmit={submit}>
      <label htmlFor={`${id}-body`}>Message</label>
      <textarea
        id={`${id}-body`}
        rows={3}
        maxLength={MESSAGE_BODY_MAX_LENGTH}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        aria-describedby={`${id}-count`}
        {...(placeholder ? { placeholder } : {})}
      />
      <span id={`${id}-count`} className="muted">
        {body.length} / {MESSAGE_BODY_MAX_LENGTH}
      </span>
      {state.kind === 'error' && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
      {state.kind === 'sent' && <p role="status">{sentNote}</p>}
      <button type="submit" disabled={state.kind === 'sending'}>
        Send message
      </button>
    </form>
  );
}
