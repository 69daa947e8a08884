import { randomUUID } from 'node:crypto';
import {
  actorOf, badInput, conflict, defineLoader, forbidden, pageRequest, publish, toConnection,
  type Connection, type Identity, type RequestContext,
} from '@sw/kernel';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { reader, writer } from '../common/access';
import { ProductEntity } from './product.entity';
import { ProductStatus, type ProductFilter, type ProductInput } from './product.type';
import { validProduct, validProductFilter } from './product.validation';

const CURSOR_KIND = 'product';
const UNIQUE_VIOLATION = '23505';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Product filings: filing (with its event in the same transaction) and reading, owner-scoped in SQL. */
export class ProductService {
  readonly byId = defineLoader<string, ProductEntity>('productById', async (ids) => {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return new Map();
    return new Map((await this.db.getRepository(ProductEntity).findBy({ id: In(valid) })).map((row) => [row.id, row]));
  });

  constructor(private readonly db: DataSource) {}

  async file(input: ProductInput, context: RequestContext): Promise<ProductEntity> {
    const identity = writer(context, 'fileProduct');
    const product = validProduct(input);
    const owner = ownerFor(identity, product.owner);
    return this.inTransaction(async (manager) => {
      await assertFiledOwner(manager, owner);
      const [sameSku] = await manager.query(`select id from traceability.products where owner_uscc = $1 and sku = $2`, [owner, product.sku]);
      if (sameSku) throw conflict(`input.sku: ${owner} already filed SKU ${product.sku} as product ${sameSku.id}`);
      if (product.gtin14) {
        const [sameGtin] = await manager.query(`select id, owner_uscc from traceability.products where gtin14 = $1`, [product.gtin14]);
        if (sameGtin) throw conflict(`input.gtin: GTIN ${product.gtin} is already filed as product ${sameGtin.id}; a GTIN identifies one product`);
      }
      const now = new Date();
      const entity = manager.create(ProductEntity, {
        id: randomUUID(), ownerUscc: owner, sku: product.sku, name: product.name, brand: product.brand, specification: product.specification,
        hsCode: product.hsCode, originCountry: product.originCountry, gtin: product.gtin, gtin14: product.gtin14,
        status: ProductStatus.FILED, filedBy: actorOf(context), filedAt: now, updatedAt: now,
      });
      await manager.insert(ProductEntity, entity);
      await publish(manager, {
        type: 'traceability.product.filed', subject: entity.id, actor: actorOf(context),
        data: {
          productId: entity.id, owner, sku: entity.sku, name: entity.name, hsCode: entity.hsCode, originCountry: entity.originCountry,
          gtin: entity.gtin, status: entity.status,
        },
      });
      return entity;
    });
  }

  /** A product the caller may read, null when there is none, FORBIDDEN when it is another enterprise's. */
  async one(id: string, context: RequestContext): Promise<ProductEntity | null> {
    const caller = reader(context, 'product filings');
    const product = await context.loaders.get(this.byId).load(id);
    if (product && caller.uscc !== null && product.ownerUscc !== caller.uscc) {
      throw forbidden(`product ${id} is visible to its owner and regulators only`);
    }
    return product;
  }

  /** Products ordered by owner and SKU; an ENTERPRISE caller's list holds its own products only (in the SQL). */
  async list(
    filter: ProductFilter | null | undefined, first: number | null | undefined, after: string | null | undefined, context: RequestContext,
    owner?: string,
  ): Promise<Connection<ProductEntity>> {
    const caller = reader(context, 'product filings');
    const page = pageRequest(first, after, CURSOR_KIND);
    const valid = validProductFilter(filter);
    const wanted = owner ?? valid.owner;
    if (caller.uscc !== null && wanted !== null && wanted !== caller.uscc) {
      throw forbidden(`the products of ${wanted} are visible to that enterprise and regulators only`);
    }
    const query = this.db.getRepository(ProductEntity).createQueryBuilder('p');
    const scope = caller.uscc ?? wanted;
    if (scope !== null) query.andWhere('p.owner_uscc = :owner', { owner: scope });
    if (valid.gtin14) query.andWhere('p.gtin14 = :gtin', { gtin: valid.gtin14 });
    if (valid.sku) query.andWhere('p.sku = :sku', { sku: valid.sku });
    if (valid.hsCodePrefix) query.andWhere('p.hs_code like :hs', { hs: `${valid.hsCodePrefix}%` });
    if (valid.statuses) query.andWhere('p.status in (:...statuses)', { statuses: valid.statuses });
    if (valid.nameContains) {
      query.andWhere(`p.name ilike :name escape '\\'`, { name: `%${valid.nameContains.replace(/[\\%_]/g, '\\$&')}%` });
    }
    const totalCount = await query.getCount();
    if (page.after) {
      const [afterOwner, afterSku] = [page.after.slice(0, 18), page.after.slice(19)];
      query.andWhere('(p.owner_uscc, p.sku) > (:afterOwner, :afterSku)', { afterOwner, afterSku });
    }
    const rows = await query.orderBy('p.owner_uscc', 'ASC').addOrderBy('p.sku', 'ASC').limit(page.first + 1).getMany();
    return toConnection(rows, page, totalCount, CURSOR_KIND, (row) => `${row.ownerUscc}|${row.sku}`);
  }

  /** A concurrent duplicate slips past the existence checks; the unique indexes still say CONFLICT. */
  private async inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        throw conflict('this SKU or GTIN was filed at the same moment by another request');
      }
      throw error;
    }
  }
}

/** An ENTERPRISE files for itself (its USCC by default); a regulator names the owner. */
function ownerFor(identity: Identity, owner: string | null): string {
  if (identity.role === 'REGULATOR') {
    if (owner === null) throw badInput('input.owner', 'a regulator files a product for an enterprise: give the owner\'s USCC');
    return owner;
  }
  if (owner !== null && owner !== identity.uscc) throw forbidden(`an ENTERPRISE caller files products for its own USCC only, not ${owner}`);
  return identity.uscc!;
}

/** The owner must hold a live filing, as the registry's events report it. */
export async function assertFiledOwner(manager: EntityManager, uscc: string, field = 'input.owner'): Promise<void> {
  const [enterprise] = await manager.query(`select filing_status from traceability.enterprises where uscc = $1`, [uscc]);
  if (!enterprise) throw badInput(field, `enterprise ${uscc} is not filed with the Single Window; file it first (fileEnterprise)`);
  if (enterprise.filing_status === 'REVOKED') throw badInput(field, `the filing of enterprise ${uscc} is revoked; it cannot file products`);
}
