/** The selected invoice card: its figures, its dispute's live status, and what one can do with it. */
import type { CardModel } from '../scene/scene-model.ts';
import { formatDate, formatMoney, reasonLabels } from '../format.ts';
import { DisputeForm } from './dispute-form.tsx';
import { PromiseForm } from './promise-form.tsx';
import { NoteForm } from './note-form.tsx';
import { cardStatusLabel } from './invoice-list.tsx';

export interface CardAbilities {
  readonly flagDispute: boolean;
  readonly promise: boolean;
  readonly note: boolean;
  readonly internalNotes: boolean;
}

const disputeStatusText = { requested: 'Requested: waiting for finance', open: 'Open with finance', resolved: 'Resolved', rejected: 'Not accepted' } as const;

export function CardDetails({ card, abilities }: { card: CardModel; abilities: CardAbilities }) {
  const activeDispute = card.dispute && (card.dispute.status === 'requested' || card.dispute.status === 'open');
  return (
    <section className="card-details" aria-label={`Invoice ${card.invoiceNumber}`}>
      <h2>{card.invoiceNumber}</h2>
      <dl className="facts">
        <dt>Amount</dt>
        <dd>{formatMoney(card.amount, card.currency)}</dd>
        <dt>Open</dt>
        <dd>{formatMoney(card.openAmount, card.currency)}</dd>
        <dt>Issued</dt>
        <dd>{formatDate(card.issueDate)}</dd>
        <dt>Due</dt>
        <dd>
          {formatDate(card.dueDate)}
          {card.daysLate > 0 ? ` · ${card.daysLate} days late` : ''}
        </dd>
        <dt>Status</dt>
        <dd>{cardStatusLabel(card)}</dd>
        {card.promise && (
          <>
            <dt>Promise</dt>
            <dd>
              {formatMoney(card.promise.amount, card.currency)} by {formatDate(card.promise.date)} ({card.promise.status})
            </dd>
          </>
        )}
      </dl>
      {card.dispute && (
        <p className={`dispute-status dispute-${card.dispute.status}`} role="status" aria-label="Dispute status" data-status={card.dispute.status}>
          Dispute ({reasonLabels[card.dispute.reason] ?? card.dispute.reason}): {disputeStatusText[card.dispute.status]}
          {card.dispute.resolution ? ` — ${card.dispute.resolution}` : ''}
        </p>
      )}
      {abilities.flagDispute && !activeDispute && card.openAmount > 0 && (
        <details open={!card.dispute}>
          <summary>Flag a dispute</summary>
          <DisputeForm invoiceNumber={card.invoiceNumber} />
        </details>
      )}
      {abilities.promise && card.openAmount > 0 && !activeDispute && (
        <details>
          <summary>Promise to pay</summary>
          <PromiseForm card={card} />
        </details>
      )}
      {abilities.note && (
        <details>
          <summary>Add a note</summary>
          <NoteForm target={{ kind: 'invoice', ref: card.invoiceNumber }} position={[0, 0.95, 0]} allowInternal={abilities.internalNotes} />
        </details>
      )}
    </section>
  );
}
