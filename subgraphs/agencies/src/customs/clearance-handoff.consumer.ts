import { BusConsumer, createSql, type Logger } from '@sw/kernel';
import { UpstreamHttpError } from '../resilience/agency-http';
import type { CustomsService } from './customs.service';

export interface ClearanceHandOff {
  consumer: BusConsumer;
  stop(): Promise<void>;
}

/**
 * Sends the declarations clearance hands over (`clearance.declaration.ready-for-customs`) to customs.
 * The event carries the CEB message as customs needs it (the buyer masked, never in clear on the bus),
 * so nothing else is fetched. Customs accepts the same declaration id again once, so a redelivery or a
 * resend after receipt 4 is harmless. While customs is unavailable the event is retried (hand-offs stay
 * in order); a declaration customs refuses outright (4xx) is logged and skipped so it cannot block the rest.
 *
 * Needs `agencies.consumer_offsets` and `agencies.processed_events` (migrations/consumer-tables.ts).
 */
export async function startClearanceHandOff(databaseUrl: string, customs: CustomsService, logger: Logger, pollMs?: number): Promise<ClearanceHandOff> {
  const sql = createSql(databaseUrl, 2);
  const consumer = new BusConsumer(sql, {
    name: 'clearance-handoff',
    schema: 'agencies',
    types: ['clearance.declaration.ready-for-customs'],
    logger,
    pollMs,
    handle: async (event) => {
      const { data } = event;
      const message = (data.message ?? {}) as Record<string, unknown>;
      try {
        await customs.submitDeclaration({
          declarationId: String(data.declarationId),
          copNo: String(data.copNo),
          messageType: String(data.messageType),
          payload: {
            ...message, appType: data.appType, version: data.version, attempt: data.attempt, riskClass: data.riskClass ?? null,
            buyerPersonId: data.buyerPersonId ?? null,
          },
        });
      } catch (error) {
        // Only customs' definitive refusal of this declaration is skipped; anything else is retried.
        if (!(error instanceof UpstreamHttpError && error.status >= 400 && error.status < 500)) throw error;
        logger.error({ err: error, declarationId: data.declarationId, messageType: data.messageType }, 'customs refused a declaration handed over by clearance; skipped');
      }
    },
  });
  await consumer.start();
  return {
    consumer,
    async stop() {
      await consumer.stop();
      await sql.end({ timeout: 5 });
    },
  };
}
