/**
 * Decorates `app.collections` (run / deliver) and, once the server listens, runs the job for
 * today (the injectable clock's today) once a day and delivers queued mail every minute. Tests
 * do not listen: they drive it with `POST /api/v1/collections/run {asOf}` or `app.collections`.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { utcDate } from '../../shared/time/dates.ts';
import { createCollections, type Collections } from './collections-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    collections: Collections;
  }
}

const LOOP_INTERVAL_MS = 60_000;

export default fp(async function collections(app: FastifyInstance) {
  const service = createCollections({
    db: app.db, events: app.events, now: app.config.now, log: app.log, smtpUrl: app.config.smtpUrl,
    publicUrl: app.config.publicUrl ?? `http${app.config.https ? 's' : ''}://localhost:${app.config.port}`,
  });
  app.decorate('collections', service);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastRunDay: string | undefined;
  const tick = () => {
    if (running) return;
    const today = utcDate(app.config.now());
    // The day's planning once a day (it reads every open invoice); queued mail every tick.
    const work = lastRunDay === today ? service.deliver() : service.run(today).then((report) => {
      if (report.ran) lastRunDay = today;
    });
    running = work
      .then(() => undefined)
      .catch((error: unknown) => app.log.error({ err: error }, 'collections loop failed; retrying next tick'))
      .finally(() => {
        running = undefined;
      });
  };
  app.addHook('onListen', async () => {
    timer = setInterval(tick, LOOP_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    // Let a run in progress finish before the database closes under it.
    await running;
    service.close();
  });
});
