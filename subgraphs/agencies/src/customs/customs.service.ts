import { publish, type Logger } from '@sw/kernel';
import type { DataSource } from 'typeorm';
import type { AgencyCall } from '../resilience/agency-call';
import type { CustomsDeclaration, CustomsGateway, CustomsReceiptData } from './customs.client';

export type ReceiptChannel = 'CALLBACK' | 'POLL';

/** Codes after which customs sends nothing more: rejected (100), returned (700), cleared (899), processing errors (negative). */
const FINAL_CODE = /^(100|700|899|-\d+)$/;

/**
 * The Single Window's link to customs: declarations go out through the resilient call; receipts
 * come back on `POST /customs/receipts` and, as a fallback, by polling. Each receipt is published
 * once, by receiptId, as `agencies.customs.receipt-received`, whichever way it arrived first.
 */
export class CustomsService {
  /** Set once the service listens and knows its own URL (or from AGENCY_CUSTOMS_CALLBACK_URL). */
  callbackUrl = '';

  constructor(
    private readonly db: DataSource,
    private readonly gateway: CustomsGateway,
    private readonly call: AgencyCall,
    private readonly logger: Logger,
    private readonly pollWindowHours: number,
  ) {}

  /** Hands a declaration to customs and polls it for receipts for the next pollWindowHours. */
  async submitDeclaration(declaration: CustomsDeclaration): Promise<void> {
    if (!this.callbackUrl) throw new Error('the customs callback URL is not known yet: submit after the service listens');
    await this.db.query(`
      insert into agencies.customs_declarations (declaration_id, cop_no, message_type, poll_until)
      values ($1, $2, $3, now() + make_interval(hours => $4))
      on conflict (declaration_id) do nothing`, [declaration.declarationId, declaration.copNo, declaration.messageType, this.pollWindowHours]);
    await this.call.run('customs.declare', (signal) => this.gateway.submitDeclaration(declaration, this.callbackUrl, signal));
  }

  /** Publishes the receipt unless this receiptId was recorded before; true when it was new. */
  async recordReceipt(receipt: CustomsReceiptData, via: ReceiptChannel): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const inserted = await manager.query(`
        insert into agencies.customs_receipts (receipt_id, declaration_id, cop_no, message_type, code, message, issued_at, received_via)
        values ($1, $2, $3, $4, $5, $6, $7, $8)
        on conflict (receipt_id) do nothing returning receipt_id`,
      [receipt.receiptId, receipt.declarationId, receipt.copNo, receipt.messageType, receipt.code, receipt.message, receipt.issuedAt, via]);
      if (inserted.length === 0) return false;
      if (FINAL_CODE.test(receipt.code)) {
        await manager.query(`update agencies.customs_declarations set poll_until = now() where declaration_id = $1`, [receipt.declarationId]);
      }
      await publish(manager, {
        type: 'agencies.customs.receipt-received',
        subject: receipt.declarationId,
        actor: 'customs',
        data: { ...receipt, issuedAt: receipt.issuedAt.toISOString() },
      });
      this.logger.info({ declarationId: receipt.declarationId, messageType: receipt.messageType, code: receipt.code, via }, 'customs receipt received');
      return true;
    });
  }

  /**
   * The polling fallback: asks customs for the receipts of up to `limit` declarations still in
   * their window, least recently polled first, and records what the callback did not bring.
   * Returns how many receipts were new. An unavailable customs stops this round.
   */
  async pollOnce(limit = 100): Promise<number> {
    // A select around the update: TypeORM answers a bare UPDATE with [rows, count].
    const due: { declaration_id: string }[] = await this.db.query(`
      with claimed as (
        update agencies.customs_declarations set last_polled_at = now()
        where declaration_id in (
          select declaration_id from agencies.customs_declarations where poll_until > now()
          order by last_polled_at nulls first limit $1 for update skip locked)
        returning declaration_id)
      select declaration_id from claimed`, [limit]);
    let fresh = 0;
    for (const { declaration_id: declarationId } of due) {
      const receipts = await this.call.run('customs.receipts', (signal) => this.gateway.receipts(declarationId, signal));
      for (const receipt of receipts) if (await this.recordReceipt(receipt, 'POLL')) fresh += 1;
    }
    return fresh;
  }
}
