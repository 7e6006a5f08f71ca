/**
 * Webhooks admin: subscribe a URL to events (the signing secret is shown once), list and remove
 * subscriptions, read the delivery log and replay a delivery. The server refuses URLs that are
 * not http(s) or point inward; its message is shown beside the URL field.
 */
import { useEffect, useState } from 'react';
import { webhookEvents } from '../../shared/webhooks/webhook-events.ts';
import { useWebhooksStore } from '../state/webhooks-store.ts';

export function WebhooksPanel() {
  const subscriptions = useWebhooksStore((state) => state.subscriptions);
  const deliveries = useWebhooksStore((state) => state.deliveries);
  const revealed = useWebhooksStore((state) => state.revealed);
  const error = useWebhooksStore((state) => state.error);
  const errorField = useWebhooksStore((state) => state.errorField);
  const load = useWebhooksStore((state) => state.load);
  const create = useWebhooksStore((state) => state.create);
  const remove = useWebhooksStore((state) => state.remove);
  const replay = useWebhooksStore((state) => state.replay);
  const forgetRevealed = useWebhooksStore((state) => state.forgetRevealed);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<readonly string[]>(['invoice.created', 'payment.received']);
  useEffect(() => {
    void load();
  }, [load]);
  const urlOf = (subscriptionId: string) => subscriptions?.find((s) => s.id === subscriptionId)?.url ?? subscriptionId;

  return (
    <section className="integration-panel" aria-label="Webhooks">
      <h2>Webhooks</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void create(url.trim(), events, description.trim()).then((created) => created && setUrl(''));
        }}
      >
        <div className="row">
          <label>
            Endpoint URL
            <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} required aria-invalid={errorField === 'url'} placeholder="https://erp.example.com/hooks/cashlens" />
          </label>
          <label>
            Description
            <input value={description} onChange={(event) => setDescription(event.target.value)} maxLength={200} />
          </label>
        </div>
        <fieldset className="row">
          <legend>Events</legend>
          {webhookEvents.map((name) => (
            <label key={name}>
              <input type="checkbox" checked={events.includes(name)} onChange={(event) => setEvents(event.target.checked ? [...events, name] : events.filter((e) => e !== name))} /> {name}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={!url.trim() || events.length === 0}>
          Subscribe
        </button>
      </form>
      {revealed && (
        <div className="secret-once" role="status" aria-label="New webhook secret">
          <p>
            Signing secret for <strong>{revealed.url}</strong>: copy it now, it is not shown again.
          </p>
          <code data-secret="webhook">{revealed.secret}</code>
          <button type="button" className="small" onClick={forgetRevealed}>
            Done
          </button>
        </div>
      )}
      {error && <p role="alert">{errorField ? `${errorField}: ` : ''}{error}</p>}
      {subscriptions && subscriptions.length > 0 && (
        <table aria-label="Webhook subscriptions">
          <thead>
            <tr>
              <th>URL</th>
              <th>Events</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((subscription) => (
              <tr key={subscription.id}>
                <td>
                  {subscription.url}
                  {subscription.description && <div className="muted small-text">{subscription.description}</div>}
                </td>
                <td className="small-text">{subscription.events.join(', ')}</td>
                <td>
                  {subscription.active ? (
                    <button type="button" className="small" onClick={() => void remove(subscription.id)} aria-label={`Remove ${subscription.url}`}>
                      Remove
                    </button>
                  ) : (
                    <span className="badge">removed</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>
        Delivery log{' '}
        <button type="button" className="small" onClick={() => void load()}>
          Refresh
        </button>
      </h3>
      {deliveries && deliveries.length === 0 && <p className="muted">No deliveries yet.</p>}
      {deliveries && deliveries.length > 0 && (
        <table aria-label="Webhook deliveries">
          <thead>
            <tr>
              <th>Event</th>
              <th>To</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last result</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id} data-status={delivery.status}>
                <td>
                  {delivery.event}
                  {delivery.replayOf && <span className="badge">replay</span>}
                </td>
                <td className="small-text">{urlOf(delivery.subscriptionId)}</td>
                <td>{delivery.status}</td>
                <td>{delivery.attempts}</td>
                <td className="small-text">{delivery.lastError ?? (delivery.lastStatus === null ? '' : `HTTP ${delivery.lastStatus}`)}</td>
                <td>
                  <button type="button" className="small" onClick={() => void replay(delivery.id)} aria-label={`Replay delivery ${delivery.id}`}>
                    Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
