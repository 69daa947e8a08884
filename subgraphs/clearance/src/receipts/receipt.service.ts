import { randomUUID } from 'node:crypto';
import { actorOf, badInput, conflict, forbidden, notFound, requireScope, type Logger, type RequestContext } from '@sw/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { ClearanceStatus, ReceiptOutcome } from '../common/enums';
import { DeclarationEntity, ReceiptEntity } from '../declaration/declaration.entity';
import type { CustomsReceiptInput } from '../declaration/declaration.inputs';
import type { DeclarationWorkflow } from '../declaration/declaration.workflow';
import { isBehind, isLegalTransition, isReceiptCode, nextStatuses, receiptEffect, RECEIPT_CODE_LIST } from '../status/status.machine';

export interface CustomsReceipt {
  receiptId: string;
  declarationId: string;
  code: string;
  message: string | null;
  issuedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Customs receipts drive a declaration through the status machine by the CEB622 code table. Each
 * receipt is applied once by its id, whichever way it arrives (the agencies' bus event or the
 * regulator's recordCustomsReceipt).
 */
export class ReceiptService {
  constructor(
    private readonly db: DataSource,
    private readonly workflow: DeclarationWorkflow,
    private readonly resendMax: number,
    private readonly logger: Logger,
  ) {}

  /**
   * A receipt entered by a regulator (tests, manual operation). Unlike one from customs, a receipt that
   * is not a legal transition from the current status is refused (CONFLICT) and nothing is recorded.
   */
  async record(input: CustomsReceiptInput, context: RequestContext): Promise<DeclarationEntity> {
    const identity = requireScope(context, 'declarations:write');
    if (identity.role !== 'REGULATOR') throw forbidden('only a regulator may record a customs receipt by hand');
    if (!UUID.test(input.declarationId)) throw badInput('input.declarationId', 'must be a declaration id (a UUID)');
    if (!isReceiptCode(input.code)) {
      throw badInput('input.code', `must be a CEB622 receipt code (${RECEIPT_CODE_LIST.join(', ')}) or a negative processing-error code, got '${input.code}'`);
    }
    const receiptId = input.receiptId?.trim() || randomUUID();
    if (receiptId.length > 100) throw badInput('input.receiptId', 'must be at most 100 characters');
    const receipt: CustomsReceipt = {
      receiptId, declarationId: input.declarationId, code: input.code, message: input.message?.trim() || null, issuedAt: input.issuedAt ?? new Date(),
    };
    return this.db.transaction(async (manager) => {
      const declaration = await this.apply(manager, receipt, actorOf(context), true);
      if (!declaration) throw notFound(`declaration ${input.declarationId}`);
      return declaration;
    });
  }

  /**
   * A receipt from customs (the agencies' `agencies.customs.receipt-received`). It must never block the
   * consumer: an unknown declaration is logged and skipped, an out-of-order or illegal one is recorded as
   * IGNORED. Runs in its own transaction; the receipt id makes a redelivery a no-op.
   */
  async fromCustoms(receipt: CustomsReceipt, actor: string): Promise<void> {
    if (!UUID.test(receipt.declarationId) || !isReceiptCode(receipt.code)) {
      this.logger.warn({ receiptId: receipt.receiptId, code: receipt.code, declarationId: receipt.declarationId }, 'customs receipt not for a clearance declaration, or with an unknown code; skipped');
      return;
    }
    await this.db.transaction(async (manager) => {
      const declaration = await this.apply(manager, receipt, actor, false);
      if (!declaration) this.logger.warn({ receiptId: receipt.receiptId, declarationId: receipt.declarationId }, 'customs receipt for an unknown declaration; skipped');
    });
  }

  /** Applies one receipt to its locked declaration; null when there is no such declaration. */
  private async apply(manager: EntityManager, receipt: CustomsReceipt, actor: string, strict: boolean): Promise<DeclarationEntity | null> {
    const declaration = await manager.findOne(DeclarationEntity, { where: { id: receipt.declarationId }, lock: { mode: 'pessimistic_write' } });
    if (!declaration) return null;
    const seen = await manager.findOneBy(ReceiptEntity, { receiptId: receipt.receiptId });
    if (seen) {
      if (seen.declarationId !== declaration.id || seen.code !== receipt.code) {
        if (strict) throw conflict(`receipt ${receipt.receiptId} was already recorded with code ${seen.code} for declaration ${seen.declarationId}`);
        this.logger.warn({ receiptId: receipt.receiptId }, 'customs receipt id reused with other content; ignored');
      }
      return declaration;
    }
    const effect = receiptEffect(receipt.code, receipt.message);
    let outcome: ReceiptOutcome;
    let note: string | null = null;
    const from = declaration.status;
    if (effect.kind === 'none') {
      outcome = ReceiptOutcome.NO_CHANGE;
    } else if (effect.kind === 'resend') {
      if ((from === ClearanceStatus.MATCHED || from === ClearanceStatus.SUBMITTED) && declaration.resendCount < this.resendMax) {
        declaration.resendCount += 1;
        await this.workflow.handOff(manager, declaration, actor, declaration.resendCount);
        outcome = ReceiptOutcome.RESEND;
        note = `resend ${declaration.resendCount} of ${this.resendMax}`;
      } else {
        outcome = ReceiptOutcome.IGNORED;
        note = from === ClearanceStatus.MATCHED || from === ClearanceStatus.SUBMITTED
          ? `sending failed again after ${this.resendMax} resends (CUSTOMS_RESEND_MAX); needs a regulator`
          : `sending failed, but the declaration is ${from}`;
        this.logger.warn({ declarationId: declaration.id, receiptId: receipt.receiptId, status: from }, note);
      }
    } else if (effect.to === from) {
      outcome = ReceiptOutcome.NO_CHANGE;
    } else if (isLegalTransition(from, effect.to)) {
      await this.workflow.transition(manager, declaration, effect.to, { actor, reason: effect.reason, receiptCode: receipt.code });
      outcome = ReceiptOutcome.APPLIED;
    } else if (strict) {
      const legal = nextStatuses(from);
      throw conflict(`declaration ${declaration.id} is ${from}; receipt ${receipt.code} would move it to ${effect.to}, which is not a legal transition (${legal.length ? `next: ${legal.join(', ')}` : `${from} is terminal`})`);
    } else {
      outcome = ReceiptOutcome.IGNORED;
      note = isBehind(effect.to, from) ? `out of order: ${effect.to} is behind ${from}` : `illegal transition ${from} → ${effect.to}`;
      this.logger.warn({ declarationId: declaration.id, receiptId: receipt.receiptId, code: receipt.code, status: from }, `customs receipt ignored: ${note}`);
    }
    if (outcome === ReceiptOutcome.NO_CHANGE) {
      declaration.receiptCode = receipt.code;
      declaration.updatedAt = new Date();
      await manager.save(DeclarationEntity, declaration);
    }
    await manager.insert(ReceiptEntity, {
      receiptId: receipt.receiptId, declarationId: declaration.id, code: receipt.code, message: receipt.message, issuedAt: receipt.issuedAt,
      receivedAt: new Date(), outcome, note,
    });
    return declaration;
  }
}
