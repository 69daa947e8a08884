import { maskIdNumber, maskName, maskPhone, publish } from '@sw/kernel';
import type { EntityManager } from 'typeorm';
import { ClearanceStatus, DocumentKind, TradeDirection, codeOfMode, modeOfCode } from '../common/enums';
import type { Sealer } from '../common/pii';
import { matchDocuments, type MatchDocuments } from '../match/match';
import { OrderEntity } from '../order/order.entity';
import { PaymentEntity } from '../payment/payment.entity';
import type { Parties } from '../projections/parties';
import { AMENDABLE, RELEASES_QUOTA, isLegalTransition } from '../status/status.machine';
import type { ExchangeRateTable } from '../tax/tax-tables';
import { WaybillEntity } from '../waybill/waybill.entity';
import { clearedFigures } from './cleared';
import {
  DeclarationEntity, StatusChangeEntity, type DeclarationParties, type MatchBasis, type StoredMatch,
} from './declaration.entity';

/** Who and why, for the history and the events. */
export interface Cause {
  actor: string;
  reason: string | null;
  receiptCode?: string | null;
}

/**
 * The life of a declaration after its documents are in: the three-document match, every status
 * transition with its history row and events (in the caller's transaction), and the hand-off to customs.
 */
export class DeclarationWorkflow {
  constructor(
    private readonly sealer: Sealer,
    private readonly parties: Parties,
    private readonly exchangeRates: ExchangeRateTable,
  ) {}

  /**
   * Re-reads the documents of a locked declaration and, while it has not gone to customs, links them,
   * runs the match when all four are present and moves DECLARED/MATCHED/MISMATCHED accordingly. A run on
   * the same documents and versions as the last one changes nothing.
   */
  async evaluate(manager: EntityManager, declaration: DeclarationEntity, cause: Cause): Promise<void> {
    if (!AMENDABLE.includes(declaration.status)) return;
    const order = await this.findOrder(manager, declaration);
    const payment = await this.findPayment(manager, declaration);
    const waybill = await this.findWaybill(manager, declaration);
    const links = JSON.stringify([declaration.orderId, declaration.paymentId, declaration.waybillId, declaration.partyUsccs]);
    declaration.orderId = order?.id ?? null;
    declaration.paymentId = payment?.id ?? null;
    declaration.waybillId = waybill?.id ?? null;
    await this.refreshParties(manager, declaration, order, payment);
    const linked = JSON.stringify([declaration.orderId, declaration.paymentId, declaration.waybillId, declaration.partyUsccs]) !== links;

    if (!order || !payment || !waybill) {
      if (linked) {
        declaration.updatedAt = new Date();
        await manager.save(DeclarationEntity, declaration);
      }
      return;
    }
    const basis: MatchBasis = {
      inventory: declaration.version,
      order: `${order.id}@${order.version}`,
      payment: `${payment.id}@${payment.version}`,
      waybill: `${waybill.id}@${waybill.version}`,
    };
    const previous = declaration.match;
    if (previous && sameBasis(previous.basis, basis) && declaration.status !== ClearanceStatus.DECLARED) {
      if (linked) await manager.save(DeclarationEntity, declaration);
      return;
    }
    const result = matchDocuments(this.matchView(declaration, order, payment, waybill));
    const match: StoredMatch = { ok: result.ok, mismatches: result.mismatches, at: new Date().toISOString(), basis };
    declaration.match = match;
    const to = result.ok ? ClearanceStatus.MATCHED : ClearanceStatus.MISMATCHED;
    const from = declaration.status;
    const summary = result.ok ? 'order, payment, waybill and inventory match' : describeMismatches(result.mismatches);
    const reason = cause.reason ? `${cause.reason}: ${summary}` : summary;
    if (to !== from) {
      await this.transition(manager, declaration, to, { ...cause, reason });
    } else {
      declaration.updatedAt = new Date();
      await manager.save(DeclarationEntity, declaration);
    }
    if (!result.ok && (to !== from || JSON.stringify(previous?.mismatches) !== JSON.stringify(result.mismatches))) {
      await publish(manager, {
        type: 'clearance.match.mismatched', subject: declaration.id, actor: cause.actor,
        data: {
          declarationId: declaration.id, copNo: declaration.copNo, orderNo: declaration.orderNo, enterprise: declaration.enterpriseUscc,
          platform: declaration.platformUscc, parties: declaration.parties, mismatches: result.mismatches,
        },
      });
    }
    // Matched on a new basis (first time, or re-matched after an amendment): customs gets it (again).
    if (result.ok) await this.handOff(manager, declaration, cause.actor, 0);
  }

  /** Records a new declaration's first status (→ DECLARED) with its history row and event. */
  async declared(manager: EntityManager, declaration: DeclarationEntity, cause: Cause): Promise<void> {
    await manager.insert(StatusChangeEntity, {
      declarationId: declaration.id, from: null, to: declaration.status, at: declaration.declaredAt, actor: cause.actor,
      reason: cause.reason, receiptCode: null,
    });
    await publish(manager, {
      type: 'clearance.declaration.status-changed', subject: declaration.id, actor: cause.actor,
      data: {
        declarationId: declaration.id, copNo: declaration.copNo, orderNo: declaration.orderNo, logisticsNo: declaration.logisticsNo,
        enterprise: declaration.enterpriseUscc, platform: declaration.platformUscc, parties: declaration.parties, direction: declaration.direction,
        mode: modeOfCode(declaration.mode), from: null, to: declaration.status, at: declaration.declaredAt.toISOString(),
        reason: cause.reason, receiptCode: null,
      },
    });
  }

  /**
   * Moves a locked declaration to `to`, which must be a legal transition: saves it, records the history
   * row and publishes status-changed (and rejected, for credit) in the caller's transaction. Rejection
   * and return release the buyer's quota contribution.
   */
  async transition(manager: EntityManager, declaration: DeclarationEntity, to: ClearanceStatus, cause: Cause): Promise<void> {
    const from = declaration.status;
    if (!isLegalTransition(from, to)) throw new Error(`illegal transition ${from} → ${to} of declaration ${declaration.id}`);
    const at = new Date();
    declaration.status = to;
    declaration.updatedAt = at;
    if (cause.receiptCode) declaration.receiptCode = cause.receiptCode;
    if (RELEASES_QUOTA.includes(to)) declaration.quotaCounted = false;
    await manager.save(DeclarationEntity, declaration);
    await manager.insert(StatusChangeEntity, {
      declarationId: declaration.id, from, to, at, actor: cause.actor, reason: cause.reason, receiptCode: cause.receiptCode ?? null,
    });
    const common = {
      declarationId: declaration.id, copNo: declaration.copNo, orderNo: declaration.orderNo,
      enterprise: declaration.enterpriseUscc, platform: declaration.platformUscc, parties: declaration.parties,
    };
    await publish(manager, {
      type: 'clearance.declaration.status-changed', subject: declaration.id, actor: cause.actor,
      data: {
        ...common, logisticsNo: declaration.logisticsNo, direction: declaration.direction, mode: modeOfCode(declaration.mode), from, to, at: at.toISOString(),
        reason: cause.reason, receiptCode: cause.receiptCode ?? null,
      },
    });
    if (to === ClearanceStatus.CLEARED) {
      // For statistics: what cleared, in CNY and by HS chapter (the catalogue's clearance.declaration.cleared).
      const figures = clearedFigures(declaration.items, this.exchangeRates);
      await publish(manager, {
        type: 'clearance.declaration.cleared', subject: declaration.id, actor: cause.actor,
        data: {
          declarationId: declaration.id, copNo: declaration.copNo, enterprise: declaration.enterpriseUscc, parties: declaration.parties,
          direction: declaration.direction, mode: modeOfCode(declaration.mode), country: declaration.head.country, currency: declaration.currency,
          valueCny: figures.valueCny, lines: figures.lines, clearedAt: at.toISOString(),
        },
      });
    }
    if (to === ClearanceStatus.REJECTED) {
      await publish(manager, {
        type: 'clearance.declaration.rejected', subject: declaration.id, actor: cause.actor,
        data: { ...common, receiptCode: cause.receiptCode ?? null, reason: cause.reason, at: at.toISOString() },
      });
    }
  }

  /**
   * Publishes what the customs adapter needs to send the inventory list (CEB621 import, CEB603 export).
   * Decision: the bus is append-only, replicated and readable by every service, and personal data in it
   * could never be erased, so the buyer travels masked with its Person.id and the consignee address is
   * left out; the simulator accepts that. A production adapter that must send the whole buyer block
   * would get it sealed for its own key (a later step), never in clear on the bus.
   */
  async handOff(manager: EntityManager, declaration: DeclarationEntity, actor: string, attempt: number): Promise<void> {
    if (attempt === 0) declaration.customsVersion += 1;
    await manager.save(DeclarationEntity, declaration);
    const buyerIdNumber = this.sealer.open(declaration.buyerIdNumberEnc);
    const buyerName = this.sealer.open(declaration.buyerNameEnc);
    const buyerTelephone = this.sealer.open(declaration.buyerTelephoneEnc);
    const { head } = declaration;
    const ebc = await this.parties.byCustomsCodes(manager, [declaration.ebcCode]);
    await publish(manager, {
      type: 'clearance.declaration.ready-for-customs', subject: declaration.id, actor,
      data: {
        declarationId: declaration.id,
        copNo: declaration.copNo,
        orderNo: declaration.orderNo,
        enterprise: declaration.enterpriseUscc,
        direction: declaration.direction,
        mode: modeOfCode(declaration.mode),
        messageType: declaration.direction === TradeDirection.EXPORT ? 'CEB603' : 'CEB621',
        appType: declaration.customsVersion > 1 ? '2' : '1',
        version: declaration.customsVersion,
        attempt,
        riskClass: ebc.get(declaration.ebcCode)?.riskClass ?? null,
        buyerPersonId: declaration.buyerPersonId,
        message: {
          head: {
            guid: declaration.id, appType: declaration.customsVersion > 1 ? '2' : '1', copNo: declaration.copNo, preNo: head.preNo,
            invtNo: head.invtNo, orderNo: declaration.orderNo, ebpCode: declaration.ebpCode, ebcCode: declaration.ebcCode,
            logisticsCode: declaration.logisticsCode, logisticsNo: declaration.logisticsNo, assureCode: head.assureCode, emsNo: head.emsNo,
            agentCode: declaration.agentCode, ieFlag: declaration.direction === TradeDirection.EXPORT ? 'E' : 'I', declTime: head.declTime,
            customsCode: head.customsCode, portCode: head.portCode, ieDate: head.ieDate, areaCode: head.areaCode,
            tradeMode: codeOfMode(modeOfCode(declaration.mode)!), trafMode: head.trafMode, billNo: head.billNo, country: head.country,
            buyerIdType: declaration.buyerIdType, buyerIdNumber: buyerIdNumber === null ? null : maskIdNumber(buyerIdNumber),
            buyerName: buyerName === null ? null : maskName(buyerName), buyerTelephone: buyerTelephone === null ? null : maskPhone(buyerTelephone),
            freight: declaration.freight, insuredFee: declaration.insuredFee, currency: declaration.currency,
            grossWeight: head.grossWeight, netWeight: head.netWeight,
          },
          list: declaration.items,
          tax: declaration.tax,
        },
      },
    });
  }

  /** The USCC of each party by role, and the flat list tenancy filters on. */
  private async refreshParties(manager: EntityManager, declaration: DeclarationEntity, order: OrderEntity | null, payment: PaymentEntity | null): Promise<void> {
    const payCode = payment?.payCode ?? order?.payCode ?? null;
    const codes = [declaration.ebcCode, declaration.ebpCode, declaration.logisticsCode, declaration.agentCode, payCode].filter((code): code is string => code !== null);
    const found = await this.parties.byCustomsCodes(manager, codes);
    const usccOf = (code: string | null) => (code === null ? null : found.get(code)?.uscc ?? null);
    const parties: DeclarationParties = {
      ECOMMERCE_ENTERPRISE: declaration.enterpriseUscc,
      ECOMMERCE_PLATFORM: usccOf(declaration.ebpCode),
      LOGISTICS: usccOf(declaration.logisticsCode),
      PAYMENT: usccOf(payCode),
      CUSTOMS_BROKER: usccOf(declaration.agentCode),
    };
    declaration.parties = parties;
    declaration.partyUsccs = [...new Set(Object.values(parties).filter((uscc): uscc is string => uscc !== null))].sort();
  }

  // Discovery: the document with the exact link first, then the one linked before (an amendment that
  // broke a link shows as a mismatch rather than a vanished document), then the only candidate by orderNo.

  private async findOrder(manager: EntityManager, d: DeclarationEntity): Promise<OrderEntity | null> {
    const exact = await manager.findOneBy(OrderEntity, { ebpCode: d.ebpCode, orderNo: d.orderNo, direction: d.direction });
    if (exact) return exact;
    if (d.orderId) {
      const linked = await manager.findOneBy(OrderEntity, { id: d.orderId });
      if (linked) return linked;
    }
    const candidates = await manager.find(OrderEntity, { where: { orderNo: d.orderNo, direction: d.direction }, take: 2 });
    return candidates.length === 1 ? candidates[0] : null;
  }

  private async findPayment(manager: EntityManager, d: DeclarationEntity): Promise<PaymentEntity | null> {
    const latest = { updatedAt: 'DESC', id: 'DESC' } as const;
    const exact = await manager.findOne(PaymentEntity, { where: { ebpCode: d.ebpCode, orderNo: d.orderNo, direction: d.direction }, order: latest });
    if (exact) return exact;
    if (d.paymentId) {
      const linked = await manager.findOneBy(PaymentEntity, { id: d.paymentId });
      if (linked) return linked;
    }
    return manager.findOne(PaymentEntity, { where: { orderNo: d.orderNo, direction: d.direction }, order: latest });
  }

  private async findWaybill(manager: EntityManager, d: DeclarationEntity): Promise<WaybillEntity | null> {
    const exact = await manager.findOneBy(WaybillEntity, { logisticsCode: d.logisticsCode, logisticsNo: d.logisticsNo, direction: d.direction });
    if (exact) return exact;
    if (d.waybillId) {
      const linked = await manager.findOneBy(WaybillEntity, { id: d.waybillId });
      if (linked) return linked;
    }
    const candidates = await manager.find(WaybillEntity, { where: { orderNo: d.orderNo, direction: d.direction }, take: 2 });
    return candidates.length === 1 ? candidates[0] : null;
  }

  private matchView(d: DeclarationEntity, order: OrderEntity, payment: PaymentEntity, waybill: WaybillEntity): MatchDocuments {
    const open = (sealed: string | null) => this.sealer.open(sealed);
    return {
      inventory: {
        orderNo: d.orderNo, ebpCode: d.ebpCode, ebcCode: d.ebcCode, logisticsCode: d.logisticsCode, logisticsNo: d.logisticsNo,
        buyerIdType: d.buyerIdType, buyerIdNumber: open(d.buyerIdNumberEnc), buyerName: open(d.buyerNameEnc),
        consigneeAddress: open(d.consigneeAddressEnc), goodsValue: d.goodsValue, currency: d.currency,
      },
      order: {
        orderNo: order.orderNo, ebpCode: order.ebpCode, ebcCode: order.ebcCode, buyerIdType: order.buyerIdType,
        buyerIdNumber: open(order.buyerIdNumberEnc), buyerName: open(order.buyerNameEnc), goodsValue: order.goodsValue,
        actualPaid: order.actualPaid, currency: order.currency, consignee: open(order.consigneeEnc),
        consigneeAddress: open(order.consigneeAddressEnc), consigneeTelephone: open(order.consigneeTelephoneEnc),
      },
      payment: {
        orderNo: payment.orderNo, ebpCode: payment.ebpCode, payerIdType: payment.payerIdType, payerIdNumber: open(payment.payerIdNumberEnc),
        payerName: open(payment.payerNameEnc), amountPaid: payment.amountPaid, currency: payment.currency,
      },
      waybill: {
        orderNo: waybill.orderNo, logisticsCode: waybill.logisticsCode, logisticsNo: waybill.logisticsNo, consignee: open(waybill.consigneeEnc),
        consigneeAddress: open(waybill.consigneeAddressEnc), consigneeTelephone: open(waybill.consigneeTelephoneEnc),
      },
    };
  }
}

function sameBasis(a: MatchBasis | undefined, b: MatchBasis): boolean {
  return a !== undefined && a.inventory === b.inventory && a.order === b.order && a.payment === b.payment && a.waybill === b.waybill;
}

function describeMismatches(mismatches: { field: string; document: DocumentKind }[]): string {
  const names = mismatches.map((m) => `${m.document}.${m.field}`);
  return `mismatch: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ` and ${names.length - 8} more` : ''}`;
}
