import {
  badInput, defineLoader, forbidden, pageRequest, requireIdentity, toConnection, type Connection, type RequestContext,
} from '@sw/kernel';
import { In, type DataSource } from 'typeorm';
import { OrderEntity } from '../order/order.entity';
import { PaymentEntity } from '../payment/payment.entity';
import { WaybillEntity } from '../waybill/waybill.entity';
import {
  DeclarationEntity, DocumentChangeEntity, ReceiptEntity, StatusChangeEntity,
} from './declaration.entity';
import type { DeclarationFilter } from './declaration.inputs';

const CURSOR_KIND = 'declaration';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALL = '*';
const NOBODY = '-';
const SEPARATOR = '\u0001';

/**
 * Which declarations a caller may read (API.md, DESIGN.md Security): a regulator all; an enterprise
 * those it is a party to — e-commerce enterprise, platform, logistics, payment firm or broker —
 * enforced in the SQL of every read (`$uscc = any(party_usccs)`); a partner none for now (its grants,
 * DataScope DECLARATIONS, come later). The scope is part of every loader key, so a cached row never
 * crosses callers.
 */
export function readScope(context: RequestContext): string {
  const identity = requireIdentity(context);
  if (identity.role === 'REGULATOR') return ALL;
  if (identity.role === 'PARTNER') {
    throw forbidden('declarations are visible to the enterprises on them and regulators; partner access under a grant is not available yet');
  }
  return identity.uscc ?? NOBODY;
}

const scoped = (scope: string, key: string) => `${scope}${SEPARATOR}${key}`;

function byScope(keys: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const [scope, value] = key.split(SEPARATOR);
    groups.set(scope, [...(groups.get(scope) ?? []), value]);
  }
  return groups;
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}

/** Reads for the resolvers: one query per loader per request, tenancy in the SQL. */
export class ClearanceReads {
  /** Key: scope + id. A declaration the scope may not read is simply absent (null): not found and not yours look alike. */
  readonly visibleDeclarations = defineLoader<string, DeclarationEntity>('visibleDeclarations', async (keys) => {
    const found = new Map<string, DeclarationEntity>();
    for (const [scope, ids] of byScope(keys)) {
      const valid = ids.filter((id) => UUID.test(id));
      if (valid.length === 0 || scope === NOBODY) continue;
      const query = this.db.getRepository(DeclarationEntity).createQueryBuilder('d').where('d.id in (:...ids)', { ids: valid });
      if (scope !== ALL) query.andWhere(':uscc = any(d.party_usccs)', { uscc: scope });
      for (const row of await query.getMany()) found.set(scoped(scope, row.id), row);
    }
    return found;
  });

  /** Key: scope + waybill id → the live (latest) declaration of that waybill the scope may read. */
  readonly declarationsByWaybill = defineLoader<string, DeclarationEntity>('declarationsByWaybill', async (keys) => {
    const found = new Map<string, DeclarationEntity>();
    for (const [scope, ids] of byScope(keys)) {
      if (scope === NOBODY) continue;
      const query = this.db.getRepository(DeclarationEntity).createQueryBuilder('d').where('d.waybill_id in (:...ids)', { ids });
      if (scope !== ALL) query.andWhere(':uscc = any(d.party_usccs)', { uscc: scope });
      for (const row of await query.orderBy('d.declared_at', 'ASC').getMany()) found.set(scoped(scope, row.waybillId!), row);
    }
    return found;
  });

  readonly statusHistory = defineLoader<string, StatusChangeEntity[]>('statusHistory', async (ids) =>
    groupBy(await this.db.getRepository(StatusChangeEntity).find({ where: { declarationId: In([...ids]) }, order: { id: 'ASC' } }), (row) => row.declarationId));

  readonly documentChanges = defineLoader<string, DocumentChangeEntity[]>('documentChanges', async (ids) =>
    groupBy(await this.db.getRepository(DocumentChangeEntity).find({ where: { documentId: In([...ids]) }, order: { id: 'ASC' } }), (row) => row.documentId));

  readonly receipts = defineLoader<string, ReceiptEntity[]>('receipts', async (ids) =>
    groupBy(await this.db.getRepository(ReceiptEntity).find({ where: { declarationId: In([...ids]) }, order: { issuedAt: 'ASC', receivedAt: 'ASC' } }), (row) => row.declarationId));

  readonly orders = defineLoader<string, OrderEntity>('orders', async (ids) =>
    new Map((await this.db.getRepository(OrderEntity).findBy({ id: In([...ids]) })).map((row) => [row.id, row])));

  readonly payments = defineLoader<string, PaymentEntity>('payments', async (ids) =>
    new Map((await this.db.getRepository(PaymentEntity).findBy({ id: In([...ids]) })).map((row) => [row.id, row])));

  readonly waybills = defineLoader<string, WaybillEntity>('waybills', async (ids) =>
    new Map((await this.db.getRepository(WaybillEntity).findBy({ id: In([...ids]) })).map((row) => [row.id, row])));

  /** Key: `<logisticsCode>/<logisticsNo>`, the Waybill entity key. */
  readonly waybillsByKey = defineLoader<string, WaybillEntity>('waybillsByKey', async (keys) => {
    const pairs = keys.map((key) => key.split('/'));
    const rows: WaybillEntity[] = pairs.length === 0 ? [] : await this.db.getRepository(WaybillEntity).createQueryBuilder('w')
      .where('(cast(w.logistics_code as text), w.logistics_no) in (select * from unnest(cast(:codes as text[]), cast(:nos as text[])))', {
        codes: pairs.map(([code]) => code), nos: pairs.map(([, no]) => no ?? ''),
      }).getMany();
    return new Map(rows.map((row) => [`${row.logisticsCode}/${row.logisticsNo}`, row]));
  });

  /** Person ids filed with the registry (from registry.person.filed). */
  readonly filedPersons = defineLoader<string, true>('filedPersons', async (ids) => {
    const rows: { person_id: string }[] = await this.db.query('select person_id from clearance.persons where person_id = any($1)', [[...ids]]);
    return new Map(rows.map((row) => [row.person_id, true as const]));
  });

  /** USCC → the customs code filed for it (live filings). */
  readonly customsCodes = defineLoader<string, string>('customsCodes', async (usccs) => {
    const rows: { uscc: string; customs_code: string }[] = await this.db.query(
      `select uscc, customs_code from clearance.enterprises where uscc = any($1) and customs_code is not null and filing_status <> 'REVOKED'`, [[...usccs]]);
    return new Map(rows.map((row) => [row.uscc, row.customs_code]));
  });

  constructor(private readonly db: DataSource) {}

  declaration(id: string, context: RequestContext): Promise<DeclarationEntity | null> {
    return context.loaders.get(this.visibleDeclarations).load(scoped(readScope(context), id));
  }

  /** The declaration that clears a waybill, when the caller may read it. */
  declarationOfWaybill(waybillId: string, context: RequestContext): Promise<DeclarationEntity | null> {
    return context.loaders.get(this.declarationsByWaybill).load(scoped(readScope(context), waybillId));
  }

  /**
   * A waybill is visible to regulators, to the logistics firm that filed it and to the parties of the
   * declaration that clears it: as a federation entity (logistics adds milestones) it is checked here.
   */
  async waybillVisible(waybill: WaybillEntity, context: RequestContext): Promise<boolean> {
    const scope = readScope(context);
    if (scope === ALL) return true;
    if (scope === NOBODY) return false;
    const code = await context.loaders.get(this.customsCodes).load(scope);
    if (code === waybill.logisticsCode) return true;
    return (await this.declarationOfWaybill(waybill.id, context)) !== null;
  }

  /** Newest first; `enterprise` (USCC) narrows to declarations that enterprise is a party to. */
  async list(filter: DeclarationFilter | null | undefined, first: number | null | undefined, after: string | null | undefined, context: RequestContext,
    enterprise?: string): Promise<Connection<DeclarationEntity>> {
    const scope = readScope(context);
    const page = pageRequest(first, after, CURSOR_KIND);
    const query = this.db.getRepository(DeclarationEntity).createQueryBuilder('d');
    if (scope === NOBODY) query.andWhere('false');
    else if (scope !== ALL) query.andWhere(':scope = any(d.party_usccs)', { scope });
    if (enterprise) query.andWhere(':owner = any(d.party_usccs)', { owner: enterprise });
    if (filter?.enterprise) query.andWhere(':party = any(d.party_usccs)', { party: filter.enterprise });
    if (filter?.orderNo) query.andWhere('d.order_no = :orderNo', { orderNo: filter.orderNo });
    if (filter?.copNo) query.andWhere('d.cop_no = :copNo', { copNo: filter.copNo });
    if (filter?.direction) query.andWhere('d.direction = :direction', { direction: filter.direction });
    if (filter?.statuses?.length) query.andWhere('d.status in (:...statuses)', { statuses: filter.statuses });
    if (filter?.from) query.andWhere('d.declared_at >= :from', { from: filter.from });
    if (filter?.to) query.andWhere('d.declared_at < :to', { to: filter.to });
    if (filter?.from && filter?.to && filter.from >= filter.to) throw badInput('filter.to', 'must be after filter.from');
    const totalCount = await query.getCount();
    if (page.after) {
      const [at, id] = page.after.split('|');
      const instant = new Date(at ?? '');
      if (Number.isNaN(instant.getTime()) || !UUID.test(id ?? '')) throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
      query.andWhere('(d.declared_at, d.id) < (:at, :id)', { at: instant, id });
    }
    const rows = await query.orderBy('d.declared_at', 'DESC').addOrderBy('d.id', 'DESC').limit(page.first + 1).getMany();
    return toConnection(rows, page, totalCount, CURSOR_KIND, (row) => `${row.declaredAt.toISOString()}|${row.id}`);
  }
}
