/**
 * Messages → the session's `shared` document: on 'message.posted' (a customer's message through
 * the share link, or the team's reply, each already in the communication log) the message goes
 * into `messages` of the document of the session it was written in, so everyone there — staff
 * and the customer's link — sees the conversation live. A document nobody has open is loaded for
 * the write (as the escalation bridge does), so whoever joins later reads the whole thread.
 * Only this bridge writes the map; the record guard reverts any participant's change to it.
 * Closed sessions are left alone: their documents are history.
 */
import type { FastifyInstance } from 'fastify';
import type { DomainEvents } from '../events/domain-events.ts';
import { findSession } from '../sessions/session-repository.ts';
import { DocName, sessionMaps } from '../../shared/doc/session-doc.ts';
import { messageRecord, type SessionMessage } from '../../shared/records/message.ts';
import { isRecordKey } from '../../shared/records/vectors.ts';
import type { DocAccessor } from './dispute-bridge.ts';

export class MessageBridge {
  constructor(
    private readonly app: FastifyInstance,
    private readonly docs: DocAccessor,
  ) {}

  /** Resolves once the message is in the document (or was refused, with a warning logged). */
  async posted(event: DomainEvents['message.posted']): Promise<void> {
    const record: SessionMessage = { from: event.from, author: event.author, body: event.body, at: event.at, ...(event.taskId ? { taskId: event.taskId } : {}) };
    const checked = messageRecord.check(record);
    if (!checked.ok || !isRecordKey(event.messageId)) {
      this.app.log.warn({ messageId: event.messageId, sessionId: event.sessionId, reason: checked.ok ? 'the message id is not a valid key' : checked.reason }, 'sync: message not written into the session');
      return;
    }
    const session = await findSession(this.app.db, event.sessionId);
    if (!session || session.status !== 'open' || session.customerId !== event.customerId) {
      this.app.log.warn({ messageId: event.messageId, sessionId: event.sessionId }, 'sync: message not written: the session is gone, closed or of another customer');
      return;
    }
    await this.docs.withDoc(session, DocName.shared, (doc) => {
      const messages = sessionMaps(doc.doc).messages;
      // The same event delivered twice changes nothing.
      if (messages.has(event.messageId)) return;
      doc.serverWrite(() => messages.set(event.messageId, checked.value));
    });
  }
}
