import { randomUUID } from 'node:crypto';
import {
  actorOf, badInput, conflict, defineLoader, forbidden, notFound, pageRequest, publish, requiredText, requireIdentity, toConnection,
  type Connection, type Identity, type RequestContext,
} from '@sw/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { WarehouseStatus } from '../common/enums';
import { validCountry } from '../common/validate';
import type { Parties } from '../projections/parties';
import { WarehouseEntity, WarehouseStatusChangeEntity } from './warehouse.entity';
import type { WarehouseFilter, WarehouseInput, WarehouseStatusInput } from './warehouse.inputs';
import { validUscc, validWarehouse, type ValidWarehouse } from './warehouse.validation';

const CURSOR_KIND = 'warehouse';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Roles that may operate a warehouse (API.md EnterpriseRole). */
const OPERATOR_ROLES = ['WAREHOUSE', 'LOGISTICS'];

/**
 * The warehouse register. A warehouse is registered by its operator (an ENTERPRISE caller for its
 * own USCC) or a regulator; the operator must be filed with the role WAREHOUSE or LOGISTICS. Status:
 * ACTIVE → SUSPENDED (regulators) → ACTIVE (regulators); ACTIVE or SUSPENDED → CLOSED (the operator
 * or a regulator); CLOSED is final. Each change is published with its registration's kind, so that
 * statistics counts public overseas warehouses from the events alone.
 */
export class WarehouseRegister {
  readonly byId = defineLoader<string, WarehouseEntity>('warehousesById', async (ids) => {
    const valid = ids.filter((id) => UUID.test(id));
    const rows = valid.length === 0 ? [] : await this.db.getRepository(WarehouseEntity).createQueryBuilder('w')
      .where('w.id in (:...ids)', { ids: valid }).getMany();
    return new Map(rows.map((row) => [row.id, row]));
  });

  readonly history = defineLoader<string, WarehouseStatusChangeEntity[]>('warehouseStatusHistory', async (ids) => {
    const rows = await this.db.getRepository(WarehouseStatusChangeEntity).createQueryBuilder('c')
      .where('c.warehouse_id in (:...ids)', { ids: [...ids] }).orderBy('c.id', 'ASC').getMany();
    const found = new Map<string, WarehouseStatusChangeEntity[]>();
    for (const row of rows) found.set(row.warehouseId, [...(found.get(row.warehouseId) ?? []), row]);
    return found;
  });

  constructor(private readonly db: DataSource, private readonly parties: Parties) {}

  async register(input: WarehouseInput, context: RequestContext): Promise<WarehouseEntity> {
    const identity = requireIdentity(context);
    if (identity.role === 'PARTNER') throw mayNotRegister();
    if (identity.role === 'ENTERPRISE' && identity.uscc !== input.operatorUscc) throw mayNotRegister();
    const warehouse = validWarehouse(input);
    const actor = actorOf(context);
    return this.db.transaction(async (manager) => {
      const operator = await this.parties.byUscc(manager, warehouse.operatorUscc);
      if (!operator) {
        throw badInput('input.operatorUscc', `no enterprise ${warehouse.operatorUscc} is filed with the Single Window; the operator files first (fileEnterprise)`);
      }
      if (operator.filingStatus === 'REVOKED') throw badInput('input.operatorUscc', `the filing of enterprise ${warehouse.operatorUscc} is revoked`);
      if (!operator.roles.some((role) => OPERATOR_ROLES.includes(role))) {
        throw badInput('input.operatorUscc', `enterprise ${warehouse.operatorUscc} is not filed as a warehouse or logistics enterprise (WAREHOUSE or LOGISTICS); its roles: ${operator.roles.join(', ') || 'none'}`);
      }
      const now = new Date();
      const id = randomUUID();
      const inserted: { id: string }[] = await manager.query(
        `insert into logistics.warehouses (id, name, name_key, operator_uscc, kind, country, city, city_key, address, area_m2, services, status,
                                           status_reason, status_changed_at, registered_by, registered_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'ACTIVE', null, $12, $13, $12, $12)
         on conflict (operator_uscc, kind, country, city_key, name_key) do nothing returning id`,
        [id, warehouse.name, warehouse.nameKey, warehouse.operatorUscc, warehouse.kind, warehouse.country, warehouse.city, warehouse.cityKey,
          warehouse.address, warehouse.areaM2, warehouse.services, now, actor]);
      if (inserted.length === 0) return this.sameOrConflict(manager, warehouse);
      await manager.insert(WarehouseStatusChangeEntity, { warehouseId: id, from: null, to: WarehouseStatus.ACTIVE, at: now, actor, reason: null });
      await publish(manager, {
        type: 'logistics.warehouse.registered', subject: id, actor,
        data: {
          warehouseId: id, name: warehouse.name, operatorUscc: warehouse.operatorUscc, kind: warehouse.kind, country: warehouse.country,
          city: warehouse.city, areaM2: warehouse.areaM2, services: warehouse.services, status: WarehouseStatus.ACTIVE, registeredAt: now.toISOString(),
        },
      });
      return manager.findOneByOrFail(WarehouseEntity, { id });
    });
  }

  async changeStatus(input: WarehouseStatusInput, context: RequestContext): Promise<WarehouseEntity> {
    const identity = requireIdentity(context);
    if (!UUID.test(input.id)) throw badInput('input.id', 'is not a warehouse id (a UUID)');
    const reason = requiredText('input.reason', input.reason, 500);
    return this.db.transaction(async (manager) => {
      const warehouse = await manager.createQueryBuilder(WarehouseEntity, 'w').setLock('pessimistic_write').where('w.id = :id', { id: input.id }).getOne();
      if (!warehouse) throw notFound(`warehouse ${input.id}`);
      assertMayChange(identity, warehouse, input.status);
      if (warehouse.status === input.status) return warehouse;
      if (warehouse.status === WarehouseStatus.CLOSED) throw conflict(`warehouse ${warehouse.id} is CLOSED, which is final; register a new warehouse instead`);
      const from = warehouse.status;
      const at = new Date();
      const actor = actorOf(context);
      warehouse.status = input.status;
      warehouse.statusReason = reason;
      warehouse.statusChangedAt = at;
      warehouse.updatedAt = at;
      await manager.save(WarehouseEntity, warehouse);
      await manager.insert(WarehouseStatusChangeEntity, { warehouseId: warehouse.id, from, to: input.status, at, actor, reason });
      await publish(manager, {
        type: 'logistics.warehouse.status-changed', subject: warehouse.id, actor,
        data: {
          warehouseId: warehouse.id, operatorUscc: warehouse.operatorUscc, kind: warehouse.kind, country: warehouse.country,
          from, to: input.status, reason, at: at.toISOString(),
        },
      });
      return warehouse;
    });
  }

  /** The register is published: every authenticated caller reads it. */
  async get(id: string, context: RequestContext): Promise<WarehouseEntity | null> {
    requireIdentity(context);
    if (!UUID.test(id)) throw badInput('id', 'is not a warehouse id (a UUID)');
    return context.loaders.get(this.byId).load(id);
  }

  /** Newest registration first. */
  async list(filter: WarehouseFilter | null | undefined, first: number | null | undefined, after: string | null | undefined,
    context: RequestContext): Promise<Connection<WarehouseEntity>> {
    requireIdentity(context);
    const page = pageRequest(first, after, CURSOR_KIND);
    const query = this.db.getRepository(WarehouseEntity).createQueryBuilder('w');
    if (filter?.kind) query.andWhere('w.kind = :kind', { kind: filter.kind });
    if (filter?.country) query.andWhere('w.country = :country', { country: validCountry('filter.country', filter.country) });
    if (filter?.operatorUscc) query.andWhere('w.operator_uscc = :operator', { operator: validUscc('filter.operatorUscc', filter.operatorUscc) });
    if (filter?.statuses?.length) query.andWhere('w.status in (:...statuses)', { statuses: filter.statuses });
    const totalCount = await query.getCount();
    if (page.after) {
      const [at, id] = page.after.split('|');
      const instant = new Date(at ?? '');
      if (Number.isNaN(instant.getTime()) || !UUID.test(id ?? '')) throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
      query.andWhere('(w.registered_at, w.id) < (:at, :id)', { at: instant, id });
    }
    const rows = await query.orderBy('w.registered_at', 'DESC').addOrderBy('w.id', 'DESC').limit(page.first + 1).getMany();
    return toConnection(rows, page, totalCount, CURSOR_KIND, (row) => `${row.registeredAt.toISOString()}|${row.id}`);
  }

  async statusHistory(warehouse: WarehouseEntity, context: RequestContext): Promise<WarehouseStatusChangeEntity[]> {
    return (await context.loaders.get(this.history).load(warehouse.id)) ?? [];
  }

  /** A registration sent again: the same details return the warehouse as registered; others are CONFLICT naming them. */
  private async sameOrConflict(manager: EntityManager, warehouse: ValidWarehouse): Promise<WarehouseEntity> {
    const existing = await manager.findOneByOrFail(WarehouseEntity, {
      operatorUscc: warehouse.operatorUscc, kind: warehouse.kind, country: warehouse.country, cityKey: warehouse.cityKey, nameKey: warehouse.nameKey,
    });
    // Name and city are equal up to case and spacing (the unique key); the rest must be the same.
    const differing: string[] = [];
    if (Number(existing.areaM2) !== Number(warehouse.areaM2)) differing.push('areaM2');
    if (existing.address !== warehouse.address) differing.push('address');
    if (existing.services.join(',') !== warehouse.services.join(',')) differing.push('services');
    if (differing.length === 0) return existing;
    throw conflict(`this operator already registered ${existing.kind} warehouse "${existing.name}" in ${existing.city}, ${existing.country} (${existing.id}) `
      + `with a different ${differing.join(', ')}; a registration is not amended: register under another name, or close it (changeWarehouseStatus) and register anew`);
  }
}

const mayNotRegister = () => forbidden('a warehouse is registered by its operator (an enterprise for its own USCC) or a regulator');

/** Regulators set any status; the operator may only close its warehouse. */
function assertMayChange(identity: Identity, warehouse: WarehouseEntity, to: WarehouseStatus): void {
  if (identity.role === 'REGULATOR') return;
  if (identity.role === 'ENTERPRISE' && identity.uscc === warehouse.operatorUscc) {
    if (to === WarehouseStatus.CLOSED || to === warehouse.status) return;
    throw forbidden(`an operator may close its warehouse; only a regulator ${to === WarehouseStatus.SUSPENDED ? 'suspends one' : 'lifts a suspension'}`);
  }
  throw forbidden('a warehouse\'s status is changed by its operator (to close it) or a regulator');
}
