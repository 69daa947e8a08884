import { randomUUID } from 'node:crypto';
import {
  actorOf, appError, assertMaySubmit, badInput, conflict, requireScope, type CustomsDocument, type DocumentParties, type Identity,
  type RequestContext,
} from '@sw/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { ClearanceStatus, DocumentKind } from '../common/enums';
import { changedFields, type Sealer } from '../common/pii';
import {
  DeclarationEntity, DocumentChangeEntity, type DeclarationParties, type StoredTax,
} from '../declaration/declaration.entity';
import type { InventoryInput } from '../declaration/declaration.inputs';
import { inventoryFields, isB2cImport, validInventory, type ValidInventory } from '../declaration/declaration.validation';
import type { Cause, DeclarationWorkflow } from '../declaration/declaration.workflow';
import { OrderEntity } from '../order/order.entity';
import type { OrderInput } from '../order/order.inputs';
import { orderFields, validOrder } from '../order/order.validation';
import { PaymentEntity } from '../payment/payment.entity';
import type { PaymentInput } from '../payment/payment.inputs';
import { paymentFields, validPayment } from '../payment/payment.validation';
import type { Parties, PartyReference } from '../projections/parties';
import { AMENDABLE } from '../status/status.machine';
import { TaxInputError } from '../tax/errors';
import { computeImportTax } from '../tax/import-tax';
import { quotaYearOf } from '../tax/quota';
import type { TaxTables } from '../tax/tax-tables';
import { WaybillEntity } from '../waybill/waybill.entity';
import type { WaybillInput } from '../waybill/waybill.inputs';
import { validWaybill, waybillFields } from '../waybill/waybill.validation';
import { buyerKey, lockKeys, orderKey, parcelKey } from './locks';

const UNIQUE_VIOLATION = '23505';
const WRITE_SCOPE = 'declarations:write';

/** Which declarations a submission can touch: by order number, by parcel, or linked to the document. */
interface Reach {
  orderNos: (string | undefined)[];
  parcels?: { logisticsCode: string; logisticsNo: string }[];
  ids?: string[];
  linked?: { column: 'order_id' | 'payment_id' | 'waybill_id'; id: string };
}

/**
 * Submitting the four CBEC documents. Each submission is one transaction: validate at the edge, check
 * who may submit it and that every enterprise it names is filed in that role, then write the document,
 * its history and whatever it changes in the declarations it belongs to, with their events. Nothing is
 * half-written: any refusal rolls the whole submission back.
 */
export class SubmissionService {
  constructor(
    private readonly db: DataSource,
    private readonly sealer: Sealer,
    private readonly parties: Parties,
    private readonly workflow: DeclarationWorkflow,
    private readonly taxTables: TaxTables,
  ) {}

  async submitOrder(input: OrderInput, context: RequestContext): Promise<OrderEntity> {
    const identity = requireScope(context, WRITE_SCOPE);
    const order = validOrder(input);
    await this.authorize(identity, 'ORDER', { ebpCode: order.ebpCode });
    const actor = actorOf(context);
    return this.inTransaction(async (manager) => {
      await this.parties.assertValid(manager, [
        { field: 'input.ebpCode', code: order.ebpCode, role: 'ECOMMERCE_PLATFORM' },
        { field: 'input.ebcCode', code: order.ebcCode, role: 'ECOMMERCE_ENTERPRISE' },
        ...(order.payCode ? [{ field: 'input.payCode', code: order.payCode, role: 'PAYMENT' } as PartyReference] : []),
      ]);
      await lockKeys(manager, [`idem:order:${order.ebpCode}/${order.orderNo}`]);
      const existing = await manager.findOneBy(OrderEntity, { ebpCode: order.ebpCode, orderNo: order.orderNo });
      const hashes = this.sealer.fieldHashes(orderFields(order));
      const changed = existing ? changedFields(existing.fieldHashes, hashes) : [];
      if (existing && changed.length === 0) return existing;
      await lockKeys(manager, [orderKey(order.orderNo)]);
      const affected = await this.lockAffected(manager, {
        orderNos: [order.orderNo], linked: existing ? { column: 'order_id', id: existing.id } : undefined,
      });
      if (existing) this.assertAmendable(affected.filter((d) => d.orderId === existing.id), DocumentKind.ORDER);
      const now = new Date();
      const row: OrderEntity = Object.assign(new OrderEntity(), {
        id: existing?.id ?? randomUUID(),
        direction: order.direction, orderNo: order.orderNo, ebpCode: order.ebpCode, ebcCode: order.ebcCode,
        goodsValue: order.goodsValue, freight: order.freight, discount: order.discount, taxTotal: order.taxTotal,
        actualPaid: order.actualPaid, currency: order.currency,
        buyerIdType: order.buyer?.idType ?? null,
        buyerPersonId: order.buyer ? this.sealer.personId(order.buyer.idNumber) : null,
        buyerIdNumberEnc: this.sealer.seal(order.buyer?.idNumber), buyerNameEnc: this.sealer.seal(order.buyer?.name),
        buyerTelephoneEnc: this.sealer.seal(order.buyer?.telephone), consigneeEnc: this.sealer.seal(order.consignee),
        consigneeAddressEnc: this.sealer.seal(order.consigneeAddress), consigneeTelephoneEnc: this.sealer.seal(order.consigneeTelephone),
        payCode: order.payCode, payTransactionId: order.payTransactionId, items: order.items, fieldHashes: hashes,
        version: existing ? existing.version + 1 : 1, submittedBy: existing?.submittedBy ?? actor,
        submittedAt: existing?.submittedAt ?? now, updatedAt: now,
      });
      await manager.save(OrderEntity, row);
      await this.recordChange(manager, DocumentKind.ORDER, row, changed, existing !== null, actor, now);
      await this.reevaluate(manager, affected, this.cause(actor, DocumentKind.ORDER, existing !== null, changed));
      return row;
    });
  }

  async submitPayment(input: PaymentInput, context: RequestContext): Promise<PaymentEntity> {
    const identity = requireScope(context, WRITE_SCOPE);
    const payment = validPayment(input);
    await this.authorize(identity, 'PAYMENT', { payCode: payment.payCode });
    const actor = actorOf(context);
    return this.inTransaction(async (manager) => {
      await this.parties.assertValid(manager, [
        { field: 'input.payCode', code: payment.payCode, role: 'PAYMENT' },
        { field: 'input.ebpCode', code: payment.ebpCode, role: 'ECOMMERCE_PLATFORM' },
      ]);
      await lockKeys(manager, [`idem:payment:${payment.payCode}/${payment.payTransactionId}`]);
      const existing = await manager.findOneBy(PaymentEntity, { payCode: payment.payCode, payTransactionId: payment.payTransactionId });
      const hashes = this.sealer.fieldHashes(paymentFields(payment));
      const changed = existing ? changedFields(existing.fieldHashes, hashes) : [];
      if (existing && changed.length === 0) return existing;
      await lockKeys(manager, [orderKey(payment.orderNo), ...(existing ? [orderKey(existing.orderNo)] : [])]);
      const affected = await this.lockAffected(manager, {
        orderNos: [payment.orderNo, existing?.orderNo], linked: existing ? { column: 'payment_id', id: existing.id } : undefined,
      });
      if (existing) this.assertAmendable(affected.filter((d) => d.paymentId === existing.id), DocumentKind.PAYMENT);
      const now = new Date();
      const row: PaymentEntity = Object.assign(new PaymentEntity(), {
        id: existing?.id ?? randomUUID(),
        direction: payment.direction, payCode: payment.payCode, payTransactionId: payment.payTransactionId, orderNo: payment.orderNo,
        ebpCode: payment.ebpCode, payerIdType: payment.payer?.idType ?? null,
        payerPersonId: payment.payer ? this.sealer.personId(payment.payer.idNumber) : null,
        payerIdNumberEnc: this.sealer.seal(payment.payer?.idNumber), payerNameEnc: this.sealer.seal(payment.payer?.name),
        telephoneEnc: this.sealer.seal(payment.payer?.telephone), amountPaid: payment.amountPaid, currency: payment.currency,
        payTime: payment.payTime, fieldHashes: hashes, version: existing ? existing.version + 1 : 1,
        submittedBy: existing?.submittedBy ?? actor, submittedAt: existing?.submittedAt ?? now, updatedAt: now,
      });
      await manager.save(PaymentEntity, row);
      await this.recordChange(manager, DocumentKind.PAYMENT, row, changed, existing !== null, actor, now);
      await this.reevaluate(manager, affected, this.cause(actor, DocumentKind.PAYMENT, existing !== null, changed));
      return row;
    });
  }

  async submitWaybill(input: WaybillInput, context: RequestContext): Promise<WaybillEntity> {
    const identity = requireScope(context, WRITE_SCOPE);
    const waybill = validWaybill(input);
    await this.authorize(identity, 'WAYBILL', { logisticsCode: waybill.logisticsCode });
    const actor = actorOf(context);
    return this.inTransaction(async (manager) => {
      await this.parties.assertValid(manager, [{ field: 'input.logisticsCode', code: waybill.logisticsCode, role: 'LOGISTICS' }]);
      await lockKeys(manager, [`idem:waybill:${waybill.logisticsCode}/${waybill.logisticsNo}`]);
      const existing = await manager.findOneBy(WaybillEntity, { logisticsCode: waybill.logisticsCode, logisticsNo: waybill.logisticsNo });
      const hashes = this.sealer.fieldHashes(waybillFields(waybill));
      const changed = existing ? changedFields(existing.fieldHashes, hashes) : [];
      if (existing && changed.length === 0) return existing;
      const parcel = { logisticsCode: waybill.logisticsCode, logisticsNo: waybill.logisticsNo };
      await lockKeys(manager, [orderKey(waybill.orderNo), parcelKey(parcel.logisticsCode, parcel.logisticsNo), ...(existing ? [orderKey(existing.orderNo)] : [])]);
      const affected = await this.lockAffected(manager, {
        orderNos: [waybill.orderNo, existing?.orderNo], parcels: [parcel],
        linked: existing ? { column: 'waybill_id', id: existing.id } : undefined,
      });
      if (existing) this.assertAmendable(affected.filter((d) => d.waybillId === existing.id), DocumentKind.WAYBILL);
      const now = new Date();
      const row: WaybillEntity = Object.assign(new WaybillEntity(), {
        id: existing?.id ?? randomUUID(),
        direction: waybill.direction, logisticsCode: waybill.logisticsCode, logisticsNo: waybill.logisticsNo, orderNo: waybill.orderNo,
        billNo: waybill.billNo, freight: waybill.freight, insuredFee: waybill.insuredFee, currency: waybill.currency,
        weight: waybill.weight, packNo: waybill.packNo, consigneeEnc: this.sealer.seal(waybill.consignee),
        consigneeAddressEnc: this.sealer.seal(waybill.consigneeAddress), consigneeTelephoneEnc: this.sealer.seal(waybill.consigneeTelephone),
        fieldHashes: hashes, version: existing ? existing.version + 1 : 1, submittedBy: existing?.submittedBy ?? actor,
        submittedAt: existing?.submittedAt ?? now, updatedAt: now,
      });
      await manager.save(WaybillEntity, row);
      await this.recordChange(manager, DocumentKind.WAYBILL, row, changed, existing !== null, actor, now);
      await this.reevaluate(manager, affected, this.cause(actor, DocumentKind.WAYBILL, existing !== null, changed));
      return row;
    });
  }

  async submitInventory(input: InventoryInput, context: RequestContext): Promise<DeclarationEntity> {
    const identity = requireScope(context, WRITE_SCOPE);
    const now = new Date();
    const inventory = validInventory(input, now);
    // Every declaration's value is converted to CNY at the customs rate table (tax, statistics).
    if (!this.taxTables.exchangeRates.rates.has(inventory.currency)) {
      throw badInput('input.currency', `no customs exchange rate for ${inventory.currency} in the table of ${this.taxTables.exchangeRates.asOf}; declare in CNY or a currency the table lists (${[...this.taxTables.exchangeRates.rates.keys()].sort().join(', ')})`);
    }
    await this.authorize(identity, 'INVENTORY', { ebcCode: inventory.ebcCode, agentCode: inventory.agentCode });
    const actor = actorOf(context);
    return this.inTransaction(async (manager) => {
      const found = await this.parties.assertValid(manager, [
        { field: 'input.ebpCode', code: inventory.ebpCode, role: 'ECOMMERCE_PLATFORM' },
        { field: 'input.ebcCode', code: inventory.ebcCode, role: 'ECOMMERCE_ENTERPRISE' },
        { field: 'input.logisticsCode', code: inventory.logisticsCode, role: 'LOGISTICS' },
        ...(inventory.agentCode ? [{ field: 'input.agentCode', code: inventory.agentCode, role: 'CUSTOMS_BROKER' } as PartyReference] : []),
      ]);
      await lockKeys(manager, [`idem:inventory:${inventory.ebcCode}/${inventory.copNo}`]);
      const existing = await manager.findOneBy(DeclarationEntity, { ebcCode: inventory.ebcCode, copNo: inventory.copNo });
      // A declTime left to the Single Window stays the declaration's own date on a resubmission.
      if (existing && !inventory.declTimeGiven) inventory.head.declTime = existing.head.declTime;
      const hashes = this.sealer.fieldHashes(inventoryFields(inventory));
      const changed = existing ? changedFields(existing.fieldHashes, hashes) : [];
      if (existing && changed.length === 0) return existing;

      const personId = inventory.buyer ? this.sealer.personId(inventory.buyer.idNumber) : null;
      const parcels = [{ logisticsCode: inventory.logisticsCode, logisticsNo: inventory.logisticsNo }];
      if (existing) parcels.push({ logisticsCode: existing.logisticsCode, logisticsNo: existing.logisticsNo });
      await lockKeys(manager, [
        orderKey(inventory.orderNo), ...parcels.map((p) => parcelKey(p.logisticsCode, p.logisticsNo)),
        ...(personId ? [buyerKey(personId)] : []),
        ...(existing ? [orderKey(existing.orderNo)] : []),
        ...(existing?.buyerPersonId ? [buyerKey(existing.buyerPersonId)] : []),
      ]);
      const affected = await this.lockAffected(manager, { orderNos: [inventory.orderNo], ids: existing ? [existing.id] : [] });
      const current = existing ? affected.find((d) => d.id === existing.id) ?? null : null;
      if (current) this.assertAmendable([current], DocumentKind.INVENTORY);
      const rival = affected.find((d) => d.id !== current?.id && d.ebpCode === inventory.ebpCode && d.orderNo === inventory.orderNo
        && d.direction === inventory.direction && d.status !== ClearanceStatus.REJECTED && d.status !== ClearanceStatus.RETURNED);
      if (rival) {
        throw conflict(`order ${inventory.orderNo} of platform ${inventory.ebpCode} is already declared by inventory list ${rival.copNo} of ${rival.ebcCode} (${rival.status}); amend that list instead`);
      }

      const declaredAt = current?.declaredAt ?? now;
      const assessed = await this.assess(manager, inventory, personId, declaredAt, current?.id ?? null);
      const ebc = found.get(inventory.ebcCode)!;
      const parties: DeclarationParties = {
        ECOMMERCE_ENTERPRISE: ebc.uscc,
        ECOMMERCE_PLATFORM: found.get(inventory.ebpCode)?.uscc ?? null,
        LOGISTICS: found.get(inventory.logisticsCode)?.uscc ?? null,
        PAYMENT: current?.parties.PAYMENT ?? null,
        CUSTOMS_BROKER: inventory.agentCode ? found.get(inventory.agentCode)?.uscc ?? null : null,
      };
      const declaration: DeclarationEntity = Object.assign(current ?? new DeclarationEntity(), {
        id: current?.id ?? randomUUID(),
        direction: inventory.direction, mode: inventory.head.tradeMode, copNo: inventory.copNo, ebcCode: inventory.ebcCode,
        ebpCode: inventory.ebpCode, orderNo: inventory.orderNo, logisticsCode: inventory.logisticsCode, logisticsNo: inventory.logisticsNo,
        agentCode: inventory.agentCode, head: inventory.head, buyerIdType: inventory.buyer?.idType ?? null, buyerPersonId: personId,
        buyerIdNumberEnc: this.sealer.seal(inventory.buyer?.idNumber), buyerNameEnc: this.sealer.seal(inventory.buyer?.name),
        buyerTelephoneEnc: this.sealer.seal(inventory.buyer?.telephone), consigneeAddressEnc: this.sealer.seal(inventory.consigneeAddress),
        freight: inventory.freight, insuredFee: inventory.insuredFee, currency: inventory.currency, goodsValue: inventory.goodsValue,
        items: inventory.items, fieldHashes: hashes, version: current ? current.version + 1 : 1,
        enterpriseUscc: ebc.uscc, platformUscc: parties.ECOMMERCE_PLATFORM, parties,
        partyUsccs: [...new Set(Object.values(parties).filter((uscc): uscc is string => uscc !== null))].sort(),
        orderId: current?.orderId ?? null, paymentId: current?.paymentId ?? null, waybillId: current?.waybillId ?? null,
        status: current?.status ?? ClearanceStatus.DECLARED, receiptCode: current?.receiptCode ?? null, match: current?.match ?? null,
        tax: assessed?.tax ?? null, quotaYear: assessed?.year ?? null, quotaAmount: assessed?.contribution ?? null,
        quotaCounted: assessed !== null, customsVersion: current?.customsVersion ?? 0, resendCount: current?.resendCount ?? 0,
        submittedBy: current?.submittedBy ?? actor, declaredAt, updatedAt: now,
      });
      await manager.save(DeclarationEntity, declaration);
      await this.recordChange(manager, DocumentKind.INVENTORY, declaration, changed, current !== null, actor, now);
      if (!current) await this.workflow.declared(manager, declaration, { actor, reason: 'inventory list declared' });
      await this.workflow.evaluate(manager, declaration, this.cause(actor, DocumentKind.INVENTORY, current !== null, changed));
      return declaration;
    });
  }

  /**
   * Tax and quota of a B2C retail import (DESIGN.md): the buyer's purchases counted this year (other
   * declarations; an amendment replaces its own contribution), then the tax module decides. Over a
   * limit is QUOTA_EXCEEDED with what the buyer used and has left.
   */
  private async assess(manager: EntityManager, inventory: ValidInventory, personId: string | null, declaredAt: Date, ownId: string | null):
    Promise<{ tax: StoredTax; year: number; contribution: string } | null> {
    if (!isB2cImport(inventory.direction, inventory.mode) || personId === null) return null;
    const year = quotaYearOf(declaredAt);
    const [row] = await manager.query(
      `select coalesce(sum(quota_amount), 0)::text as used from clearance.declarations
        where buyer_person_id = $1 and quota_year = $2 and quota_counted and id is distinct from $3`,
      [personId, year, ownId],
    );
    let result;
    try {
      result = computeImportTax({
        items: inventory.items.map((item) => ({ gnum: item.gnum, gcode: item.gcode, totalPrice: item.totalPrice, currency: item.currency, qty: item.qty })),
        freight: inventory.freight,
        insuredFee: inventory.insuredFee,
        currency: inventory.currency,
        annualUsedCny: normaliseCny(row.used),
        declaredAt,
      }, this.taxTables);
    } catch (error) {
      if (error instanceof TaxInputError && /^(items|currency|freight|insuredFee)/.test(error.field)) throw badInput(`input.${error.field}`, error.problem);
      throw error;
    }
    if (result.outcome === 'REFUSED') {
      throw appError('QUOTA_EXCEEDED', result.message, {
        reason: result.refused, used: result.usedCny, remaining: result.remainingCny, limit: result.limitCny,
        transaction: result.transactionCny, year,
      });
    }
    return { tax: result.tax, year, contribution: result.quotaContribution };
  }

  /** Who may submit: the enterprise named on the document in that role (by its filed customs code), or a regulator. */
  private async authorize(identity: Identity, document: CustomsDocument, parties: DocumentParties): Promise<void> {
    let callerCode: string | null = null;
    if (identity.role === 'ENTERPRISE' && identity.uscc) {
      const caller = await this.parties.byUscc(this.db.manager, identity.uscc);
      if (caller && caller.filingStatus !== 'REVOKED') callerCode = caller.customsCode;
    }
    assertMaySubmit(identity, callerCode, document, parties);
  }

  /** Locks (in id order) and returns every declaration a submission can affect. */
  private async lockAffected(manager: EntityManager, reach: Reach): Promise<DeclarationEntity[]> {
    const orderNos = [...new Set(reach.orderNos.filter((no): no is string => no !== undefined))];
    const parcels = reach.parcels ?? [];
    const rows: { id: string }[] = await manager.query(
      `select id from clearance.declarations
        where order_no = any($1)
           or (logistics_code::text, logistics_no) in (select * from unnest($2::text[], $3::text[]))
           or id = any($4::uuid[])
           ${reach.linked ? `or ${reach.linked.column} = $5` : ''}
        order by id for update`,
      [orderNos, parcels.map((p) => p.logisticsCode), parcels.map((p) => p.logisticsNo), reach.ids ?? [],
        ...(reach.linked ? [reach.linked.id] : [])],
    );
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const loaded = await manager.getRepository(DeclarationEntity).createQueryBuilder('d').where('d.id in (:...ids)', { ids }).orderBy('d.id').getMany();
    return loaded;
  }

  /** A document may change only while every declaration it belongs to is still with the Single Window. */
  private assertAmendable(declarations: DeclarationEntity[], document: DocumentKind): void {
    const gone = declarations.find((d) => !AMENDABLE.includes(d.status));
    if (gone) {
      throw conflict(`this ${document.toLowerCase()} belongs to declaration ${gone.copNo} (${gone.id}), which is ${gone.status}: it went to customs and can no longer be amended; customs' cancellation (CEB623) or return (CEB625) is the way back`);
    }
  }

  private async reevaluate(manager: EntityManager, declarations: DeclarationEntity[], cause: Cause): Promise<void> {
    for (const declaration of declarations) await this.workflow.evaluate(manager, declaration, cause);
  }

  private cause(actor: string, document: DocumentKind, amended: boolean, changed: string[]): Cause {
    return { actor, reason: amended ? `${document} amended (${changed.join(', ')})` : null };
  }

  private recordChange(manager: EntityManager, document: DocumentKind, row: { id: string; version: number }, changed: string[],
    amended: boolean, actor: string, at: Date) {
    return manager.insert(DocumentChangeEntity, {
      document, documentId: row.id, kind: amended ? 'AMENDED' : 'SUBMITTED', changed, version: row.version, actor, at,
    });
  }

  /** The advisory locks make duplicates impossible; the unique keys still answer CONFLICT if one slipped through. */
  private async inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        throw conflict('the same document was submitted at the same moment by another request; submit it again');
      }
      throw error;
    }
  }
}

/** Postgres sums numeric(18,2) to 2 places already; "0" (no purchase yet) gets them too. */
function normaliseCny(value: string): string {
  return /\./.test(value) ? value : `${value}.00`;
}
