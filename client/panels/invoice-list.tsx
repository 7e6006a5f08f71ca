/**
 * The session's invoice cards as a DOM list: the keyboard and screen-reader way to pick a card,
 * and the same selection the 3D scene uses.
 */
import type { CardModel } from '../scene/scene-model.ts';
import { formatMoney } from '../format.ts';
import { useSessionStore } from '../state/session-store.ts';

const statusLabel: Readonly<Record<CardModel['status'], string>> = {
  current: 'Current',
  'overdue-1-30': '1–30 days late',
  'overdue-31-60': '31–60 days late',
  'overdue-61-90': '61–90 days late',
  'overdue-91+': '91+ days late',
  disputed: 'Disputed',
  promised: 'Promised',
  paid: 'Paid',
};

export function cardStatusLabel(card: CardModel): string {
  if (card.dispute && card.status !== 'disputed') return `${statusLabel[card.status]} · dispute ${card.dispute.status}`;
  if (card.dispute) return `Dispute ${card.dispute.status}`;
  return statusLabel[card.status];
}

export function InvoiceList({ cards }: { cards: readonly CardModel[] }) {
  const selected = useSessionStore((state) => state.selectedInvoice);
  const select = useSessionStore((state) => state.selectInvoice);
  if (cards.length === 0) return <p className="muted">No open invoices.</p>;
  return (
    <ul className="invoice-list" aria-label="Invoices">
      {cards.map((card) => (
        <li key={card.invoiceNumber}>
          <button
            type="button"
            className={`invoice-item status-${card.status.replace('+', 'plus')}`}
            aria-pressed={selected === card.invoiceNumber}
            data-invoice={card.invoiceNumber}
            onClick={() => select(selected === card.invoiceNumber ? null : card.invoiceNumber)}
          >
            <span className="inv-number">{card.invoiceNumber}</span>
            <span className="num">{formatMoney(card.openAmount, card.currency)}</span>
            <span className="inv-status">{cardStatusLabel(card)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
