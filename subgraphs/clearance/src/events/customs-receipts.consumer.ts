import { BusConsumer, type Logger, type Sql } from '@sw/kernel';
import type { ReceiptService } from '../receipts/receipt.service';

/**
 * Drives declarations by the receipts the agencies' customs adapter publishes
 * (`agencies.customs.receipt-received`, once per receiptId). The receipt is applied in its own
 * transaction keyed by the receipt id, so a redelivery after a crash between it and the offset
 * update is a no-op: at least once in delivery, exactly once in effect.
 */
export function customsReceiptsConsumer(sql: Sql, receipts: ReceiptService, logger: Logger, pollMs?: number): BusConsumer {
  return new BusConsumer(sql, {
    name: 'customs-receipts',
    schema: 'clearance',
    types: ['agencies.customs.receipt-received'],
    logger,
    pollMs,
    handle: async (event) => {
      const { data } = event;
      const issuedAt = new Date(String(data.issuedAt ?? event.occurredAt.toISOString()));
      await receipts.fromCustoms({
        receiptId: String(data.receiptId ?? event.id),
        declarationId: String(data.declarationId ?? ''),
        code: String(data.code ?? ''),
        message: typeof data.message === 'string' ? data.message : null,
        issuedAt: Number.isNaN(issuedAt.getTime()) ? event.occurredAt : issuedAt,
      }, 'customs');
    },
  });
}
