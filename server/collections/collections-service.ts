/**
 * The collections job: `run(asOf)` decides and applies one day for every customer, then hands
 * due mail to SMTP. Idempotent per (invoice set, step, day): a second run of the same day writes
 * nothing new. Only one instance runs at a time (database lease); `POST /collections/run`
 * drives it in tests and demos, and the server's own loop runs it for today every minute once
 * the server listens.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { decideDay, hasWork, type DailyPolicy } from '../../shared/collections/daily-decision.ts';
import { defaultEscalationPolicy } from '../../shared/collections/escalation.ts';
import type { IsoDate } from '../../shared/time/dates.ts';
import type { DomainEventBus } from '../events/domain-events.ts';
import { applyDecision, emptyTally, type ApplyTally, type PendingEvent } from './apply-decision.ts';
import { loadCustomerFacts } from './collections-facts.ts';
import { loadCollectionsSettings, policyWith } from './collections-settings.ts';
import { deliverOutbox, smtpMailer, type DeliveryReport, type Mailer } from './mail-outbox.ts';
import { acquireLease, releaseLease } from './scheduler-lease.ts';
import { financeAssignee } from './task-repository.ts';

export interface CollectionsDeps {
  readonly db: Kysely<DB>;
  readonly events: DomainEventBus;
  readonly now: () => Date;
  readonly log: FastifyBaseLogger;
  readonly smtpUrl: string | undefined;
  readonly publicUrl: string;
  readonly policy?: DailyPolicy;
}

export type RunReport = ({ readonly ran: true; readonly asOf: IsoDate; readonly customersWithWork: number } & ApplyTally & { readonly delivery: DeliveryReport | null }) | { readonly ran: false; readonly reason: 'busy' };

export interface Collections {
  run(asOf: IsoDate): Promise<RunReport>;
  /** Sends due outbox rows over SMTP (no-op without SMTP_URL). */
  deliver(): Promise<DeliveryReport | null>;
  close(): void;
}

const LEASE = 'collections-scheduler';
const LEASE_TTL_MS = 5 * 60_000;

export const defaultDailyPolicy: DailyPolicy = { escalation: defaultEscalationPolicy, overdueThreshold: 0n };

export function createCollections(deps: CollectionsDeps): Collections {
  const defaults = deps.policy ?? defaultDailyPolicy;
  const host = deps.publicUrl.replace(/^https?:\/\//, '').replace(/[:/].*$/, '') || 'localhost';
  const mailer: Mailer | undefined = deps.smtpUrl ? smtpMailer(deps.smtpUrl, `Cashlens Collections <collections@${host.includes('.') ? host : `${host}.local`}>`) : undefined;

  async function deliver(): Promise<DeliveryReport | null> {
    if (!mailer) return null;
    return deliverOutbox(deps.db, mailer, deps.now());
  }

  async function run(asOf: IsoDate): Promise<RunReport> {
    const holder = randomUUID();
    if (!(await acquireLease(deps.db, LEASE, holder, LEASE_TTL_MS))) return { ran: false, reason: 'busy' };
    const tally = emptyTally();
    const pending: PendingEvent[] = [];
    let customersWithWork = 0;
    try {
      const financeAssigneeId = await financeAssignee(deps.db);
      const policy = policyWith(defaults, await loadCollectionsSettings(deps.db, defaults));
      const everyone = await loadCustomerFacts(deps.db, asOf);
      for (const { info, facts } of everyone) {
        if (!hasWork(decideDay(facts, asOf, policy))) continue;
        customersWithWork++;
        const events = await deps.db.transaction().execute(async (trx) => {
          // Re-read this customer's ledger state right before writing: a payment, dispute or
          // promise that landed since the first read wins over the reminder.
          const [fresh] = await loadCustomerFacts(trx, asOf, info.id);
          if (!fresh) return [];
          const decided = await applyDecision(trx, fresh.info, decideDay(fresh.facts, asOf, policy), { asOf, now: deps.now(), publicUrl: deps.publicUrl, financeAssigneeId }, tally);
          await deps.events.write(trx, decided); // webhook outbox rows commit with the reminder/escalation/hold
          return decided;
        });
        pending.push(...events);
      }
    } finally {
      await releaseLease(deps.db, LEASE, holder);
      // Customers committed before a failure still announce what they committed.
      for (const event of pending) await deps.events.emit(event.name, event.payload as never);
    }
    const delivery = await deliver();
    deps.log.info({ asOf, ...tally, delivery }, 'collections run');
    return { ran: true, asOf, customersWithWork, ...tally, delivery };
  }

  return { run, deliver, close: () => mailer?.close() };
}
