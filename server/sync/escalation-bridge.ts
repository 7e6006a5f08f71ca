/**
 * Collections → documents: on 'escalation.created' every open session of that customer gets, in
 * its `team` document, one `escalations` entry per escalated invoice, so the cards show the
 * escalated badge live. Never the `shared` document: escalating to sales is internal, and the
 * customer's link must not see it. Documents nobody has open are loaded for the write (as the
 * dispute bridge does), so a participant who joins later sees the badge too.
 * Only this bridge writes the map; the record guard reverts any participant's change to it.
 */
import type { FastifyInstance } from 'fastify';
import type { DomainEvents } from '../events/domain-events.ts';
import { listSessions } from '../sessions/session-repository.ts';
import { DocName, sessionMaps } from '../../shared/doc/session-doc.ts';
import { escalationRecord, type Escalation } from '../../shared/records/escalation.ts';
import { isRecordKey } from '../../shared/records/vectors.ts';
import type { DocAccessor } from './dispute-bridge.ts';

const MAX_REASON = 500;

export class EscalationBridge {
  constructor(
    private readonly app: FastifyInstance,
    private readonly docs: DocAccessor,
  ) {}

  async created(event: DomainEvents['escalation.created']): Promise<void> {
    const invoiceNumbers = event.invoiceNumbers.filter(isRecordKey);
    const record: Escalation = {
      taskId: event.escalationId,
      invoiceNumbers,
      reason: event.reason.slice(0, MAX_REASON) || 'escalated to sales',
      escalatedAt: this.app.config.now().toISOString(),
    };
    const checked = escalationRecord.check(record);
    if (!checked.ok || invoiceNumbers.length === 0) {
      this.app.log.warn({ escalationId: event.escalationId, reason: checked.ok ? 'no invoice number is a valid key' : checked.reason }, 'sync: escalation not written into documents');
      return;
    }
    const sessions = await listSessions(this.app.db, { customerId: event.customerId, status: 'open' });
    for (const session of sessions) {
      await this.docs.withDoc(session, DocName.team, (doc) => {
        const escalations = sessionMaps(doc.doc).escalations;
        // The same task announced twice (a retried run) changes nothing; a newer task replaces the entry.
        const fresh = invoiceNumbers.filter((invoiceNumber) => escalations.get(invoiceNumber)?.taskId !== record.taskId);
        if (fresh.length === 0) return;
        doc.serverWrite(() => {
          for (const invoiceNumber of fresh) escalations.set(invoiceNumber, checked.value);
        });
      });
    }
  }
}
