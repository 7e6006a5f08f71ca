/**
 * Connects the sync server's promise seam to the one promise recorder: a promise written into a
 * session document (by a rep on a phone or the customer on a link) is recorded exactly like one
 * made through the API — same validation, same tracking for kept/broken, same event.
 */
import type { FastifyInstance } from 'fastify';
import { actorLabel } from '../auth/actor.ts';
import { utcDate } from '../../shared/time/dates.ts';
import { ok } from '../../shared/result.ts';
import { recordPromise } from './promise-service.ts';

export function connectSessionPromises(app: FastifyInstance): void {
  app.sync.setPromiseRecorder(async (ctx, request) => {
    const recordedBy = ctx.actor.kind === 'system' ? ctx.actor.name : actorLabel(ctx.actor);
    const input = { customerId: request.customerId, invoiceNumbers: request.invoiceNumbers, amount: request.amount, date: request.date, ...(request.note === undefined ? {} : { note: request.note }) };
    const result = await recordPromise(app.db, app.events, input, recordedBy, utcDate(app.config.now()));
    return result.ok ? ok({ promiseId: result.value.id }) : result;
  });
}
