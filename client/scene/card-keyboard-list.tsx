/**
 * Keyboard and screen-reader access to the cards (desktop mode): a focusable listbox beside the
 * canvas. Arrow keys move the selection, Home/End jump, Escape clears; the selected card's
 * summary is shown as a caption while the list has focus.
 */
import type { KeyboardEvent } from 'react';
import { formatDate, formatMoney } from '../format.ts';
import { statusLabel } from './card-style.ts';
import type { CardModel } from './scene-model.ts';

export interface CardKeyboardListProps {
  readonly cards: readonly CardModel[];
  readonly selectedInvoice: string | null;
  onSelectInvoice(invoiceNumber: string | null): void;
}

export function describeCard(card: CardModel): string {
  const late = card.daysLate > 0 ? `, ${card.daysLate} days late` : '';
  const dispute = card.dispute ? `, dispute ${card.dispute.status}` : '';
  const promise = card.promise ? `, promise to pay ${formatDate(card.promise.date)}` : '';
  return `${card.invoiceNumber}: ${formatMoney(card.openAmount, card.currency)} open of ${formatMoney(card.amount, card.currency)}, due ${formatDate(card.dueDate)}${late}, ${statusLabel[card.status].toLowerCase()}${dispute}${promise}`;
}

export function CardKeyboardList({ cards, selectedInvoice, onSelectInvoice }: CardKeyboardListProps) {
  const index = cards.findIndex((card) => card.invoiceNumber === selectedInvoice);
  const selected = index >= 0 ? cards[index] : undefined;

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (cards.length === 0) return;
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1, Home: 0, End: cards.length - 1 };
    if (event.key === 'Escape') {
      onSelectInvoice(null);
      event.preventDefault();
      return;
    }
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = cards[Math.min(cards.length - 1, Math.max(0, index < 0 && target < 0 ? 0 : target))];
    if (next) onSelectInvoice(next.invoiceNumber);
  };

  return (
    <>
      <ul
        className="scene-card-list"
        role="listbox"
        tabIndex={0}
        aria-label="Invoice cards"
        aria-activedescendant={selected ? `scene-card-${selected.invoiceNumber}` : undefined}
        onKeyDown={onKeyDown}
        style={visuallyHidden}
      >
        {cards.map((card) => (
          <li key={card.invoiceNumber} id={`scene-card-${card.invoiceNumber}`} role="option" aria-selected={card.invoiceNumber === selectedInvoice} onClick={() => onSelectInvoice(card.invoiceNumber)}>
            {describeCard(card)}
          </li>
        ))}
      </ul>
      {selected ? (
        <div className="scene-card-caption" aria-hidden="true" style={captionStyle}>
          {describeCard(selected)}
        </div>
      ) : null}
    </>
  );
}

const visuallyHidden = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;
const captionStyle = { position: 'absolute', zIndex: 1, left: 8, bottom: 8, right: 8, padding: '4px 8px', background: 'rgba(15,23,42,0.85)', color: '#f8fafc', font: '13px sans-serif', borderRadius: 4, pointerEvents: 'none' } as const;
