/**
 * The customer's self-service in the link view's top bar: download the statement (PDF, CSV) and,
 * for customer links, the conversation with the team, live from the shared document, with a form
 * to write. What the customer writes lands in its communication log and on a follow-up task for
 * its sales owner (or finance), and shows up in the conversation on both sides.
 */
import { selfServiceApi } from '../api/portal-api.ts';
import { SessionMessages } from './session-messages.tsx';

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
            <h2>Messages</h2>
            <SessionMessages
              formLabel="Message the team"
              send={selfServiceApi.sendMessage}
              placeholder="A question about an invoice, a payment you made…"
              sentNote="Sent. The team will get back to you."
            />
          </>
        )}
      </section>
    </details>
  );
}
