import { randomUUID } from 'node:crypto';
import {
  actorOf, badInput, conflict, defineLoader, forbidden, notFound, optionalText, pageRequest, publish, requiredText, toConnection,
  type Connection, type Identity, type LoaderDefinition, type RequestContext, type Sql,
} from '@sw/kernel';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { reader, writer, type Reader } from '../common/access';
import { parseCode } from '../common/codes';
import { ProductEntity } from '../product/product.entity';
import { optionalUscc } from '../product/product.validation';
import { affectedGoods, codesOfGtins, type AffectedRows } from '../trace/trace.sql';
import { QualityRiskEntity, RecallEntity } from './quality.entity';
import {
  QualityRiskStatus, type AffectedCode, type AffectedGoods, type QualityRiskFilter, type QualityRiskInput, type RecallInput,
} from './quality.type';

const CURSOR_KIND = 'quality-risk';
const AFFECTED_CURSOR_KIND = 'affected-code';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NAMED = 1000;
/** Declaration ids carried by one bus event; the full list stays queryable here. */
const MAX_DECLARATIONS_IN_EVENT = 1000;

interface NamedGoods {
  products: ProductEntity[];
  batches: string[];
  codes: string[];
}

/**
 * Quality risks and recalls. A risk names products, batches or codes; what it affects is found by
 * walking the trace graph forward from them (trace.sql.ts) and kept with the risk; a recall walks
 * again when issued (the graph may have grown). Both are published for the credit subgraph.
 */
export class QualityService {
  readonly riskById = defineLoader<string, QualityRiskEntity>('qualityRiskById', async (ids) => {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return new Map();
    return new Map((await this.db.getRepository(QualityRiskEntity).findBy({ id: In(valid) })).map((row) => [row.id, row]));
  });

  readonly recallByRisk = defineLoader<string, RecallEntity>('recallByRisk', async (riskIds) =>
    new Map((await this.db.getRepository(RecallEntity).findBy({ riskId: In([...riskIds]) })).map((row) => [row.riskId, row])));

  readonly counts = defineLoader<string, { codeCount: number; parcelCount: number }>('affectedCounts', async (subjects) => {
    const rows = await this.sql<{ subject_id: string; codes: number; parcels: number }[]>`
      select subject_id, count(*)::int as codes, count(waybill_no)::int as parcels
      from traceability.affected_codes where subject_id = any(${[...subjects]}::uuid[]) group by subject_id`;
    const found = new Map(rows.map((row) => [row.subject_id, { codeCount: row.codes, parcelCount: row.parcels }]));
    return new Map(subjects.map((subject) => [subject, found.get(subject) ?? { codeCount: 0, parcelCount: 0 }]));
  });

  readonly parcels = defineLoader<string, AffectedCode[]>('affectedParcels', async (subjects) => {
    const rows = await this.sql<{ subject_id: string; code: string; waybill_no: string }[]>`
      select subject_id, code, waybill_no from traceability.affected_codes
      where subject_id = any(${[...subjects]}::uuid[]) and waybill_no is not null order by subject_id, code`;
    return group(subjects, rows, (row) => ({ code: row.code, waybillNo: row.waybill_no }));
  });

  readonly declarations = defineLoader<string, string[]>('affectedDeclarations', async (subjects) => {
    const rows = await this.sql<{ subject_id: string; declaration_id: string }[]>`
      select subject_id, declaration_id from traceability.affected_declarations
      where subject_id = any(${[...subjects]}::uuid[]) order by subject_id, declaration_id`;
    return group(subjects, rows, (row) => row.declaration_id);
  });

  constructor(
    private readonly db: DataSource,
    private readonly sql: Sql,
    /** ProductService's loader, so that a request loads each product once. */
    private readonly productById: LoaderDefinition<string, ProductEntity>,
  ) {}

  async report(input: QualityRiskInput, context: RequestContext): Promise<QualityRiskEntity> {
    const identity = writer(context, 'reportQualityRisk');
    const title = requiredText('input.title', input.title, 200);
    const description = optionalText('input.description', input.description, 4000);
    const reference = optionalText('input.reference', input.reference, 500);
    const named = await this.namedGoods(input, identity);
    const seeds = await this.seedsOf(named);
    const affected = await affectedGoods(this.sql, seeds);
    const enterprises = await this.answerableEnterprises(named);
    const risk: QualityRiskEntity = {
      id: randomUUID(), source: input.source, severity: input.severity, title, description, reference,
      productIds: named.products.map((product) => product.id), batches: named.batches, codes: named.codes, enterprises,
      status: QualityRiskStatus.OPEN, reportedBy: actorOf(context), reporterUscc: identity.role === 'ENTERPRISE' ? identity.uscc! : null,
      reportedAt: new Date(),
    };
    await this.db.transaction(async (manager) => {
      await manager.insert(QualityRiskEntity, risk);
      await saveAffected(manager, risk.id, affected);
      await publish(manager, {
        type: 'traceability.quality-risk.reported', subject: risk.id, actor: risk.reportedBy,
        data: {
          riskId: risk.id, source: risk.source, severity: risk.severity, title: risk.title, productIds: risk.productIds, batches: risk.batches,
          codes: risk.codes, enterprises: risk.enterprises, ...affectedSummary(affected), reportedAt: risk.reportedAt.toISOString(),
        },
      });
    });
    return risk;
  }

  async recall(input: RecallInput, context: RequestContext): Promise<RecallEntity> {
    const identity = writer(context, 'issueRecall');
    if (!UUID.test(input.riskId)) throw badInput('input.riskId', `must be the id of a quality risk, got '${input.riskId}'`);
    const reason = requiredText('input.reason', input.reason, 2000);
    const instructions = optionalText('input.instructions', input.instructions, 4000);
    const risk = await this.db.getRepository(QualityRiskEntity).findOneBy({ id: input.riskId });
    if (!risk) throw notFound(`quality risk ${input.riskId}`);
    // A regulator orders a recall; an enterprise recalls voluntarily only goods it alone answers for.
    if (identity.role === 'ENTERPRISE' && !(risk.enterprises.length > 0 && risk.enterprises.every((uscc) => uscc === identity.uscc))) {
      throw forbidden(`an enterprise issues a recall only for a risk on its own goods; ${input.riskId} concerns ${risk.enterprises.join(', ') || 'no filed product'}`);
    }
    const products = risk.productIds.length > 0 ? await this.db.getRepository(ProductEntity).findBy({ id: In(risk.productIds) }) : [];
    const affected = await affectedGoods(this.sql, await this.seedsOf({ products, batches: risk.batches, codes: risk.codes }));
    const recall: RecallEntity = {
      id: randomUUID(), riskId: risk.id, reason, instructions, issuedBy: actorOf(context),
      issuerUscc: identity.role === 'ENTERPRISE' ? identity.uscc! : null, issuedAt: new Date(),
    };
    try {
      await this.db.transaction(async (manager) => {
        const [locked] = await manager.query(`select status from traceability.quality_risks where id = $1 for update`, [risk.id]);
        if (locked.status === QualityRiskStatus.RECALLED) throw conflict(`quality risk ${risk.id} is recalled already`);
        await manager.insert(RecallEntity, recall);
        await manager.update(QualityRiskEntity, { id: risk.id }, { status: QualityRiskStatus.RECALLED });
        await saveAffected(manager, recall.id, affected);
        await publish(manager, {
          type: 'traceability.recall.issued', subject: recall.id, actor: recall.issuedBy,
          data: {
            recallId: recall.id, riskId: risk.id, source: risk.source, severity: risk.severity, productIds: risk.productIds,
            enterprises: risk.enterprises, reason, ...affectedSummary(affected), issuedAt: recall.issuedAt.toISOString(),
          },
        });
      });
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw conflict(`quality risk ${risk.id} is recalled already`);
      throw error;
    }
    return recall;
  }

  async one(id: string, context: RequestContext): Promise<QualityRiskEntity | null> {
    const caller = reader(context, 'quality risks');
    const risk = await context.loaders.get(this.riskById).load(id);
    if (risk && !maySee(caller, risk)) throw forbidden(`quality risk ${id} is visible to regulators, its reporter and the enterprises it concerns`);
    return risk;
  }

  /** Risks newest first; an enterprise's list holds those concerning its goods or reported by it (in the SQL). */
  async list(filter: QualityRiskFilter | null | undefined, first: number | null | undefined, after: string | null | undefined, context: RequestContext)
    : Promise<Connection<QualityRiskEntity>> {
    const caller = reader(context, 'quality risks');
    const page = pageRequest(first, after, CURSOR_KIND);
    const enterprise = optionalUscc('filter.enterprise', filter?.enterprise);
    const product = filter?.product ?? null;
    if (product !== null && !UUID.test(product)) throw badInput('filter.product', `must be a product id, got '${product}'`);
    const query = this.db.getRepository(QualityRiskEntity).createQueryBuilder('r');
    if (caller.uscc !== null) query.andWhere('(:viewer = any(r.enterprises) or r.reporter_uscc = :viewer)', { viewer: caller.uscc });
    if (filter?.sources?.length) query.andWhere('r.source in (:...sources)', { sources: filter.sources });
    if (filter?.statuses?.length) query.andWhere('r.status in (:...statuses)', { statuses: filter.statuses });
    if (enterprise) query.andWhere(':enterprise = any(r.enterprises)', { enterprise });
    if (product) query.andWhere(':product = any(r.product_ids)', { product });
    const totalCount = await query.getCount();
    if (page.after) {
      const [at, id] = page.after.split('|');
      if (!id || Number.isNaN(Date.parse(at))) throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
      query.andWhere('(r.reported_at, r.id) < (:at, :id)', { at, id });
    }
    const rows = await query.orderBy('r.reported_at', 'DESC').addOrderBy('r.id', 'DESC').limit(page.first + 1).getMany();
    return toConnection(rows, page, totalCount, CURSOR_KIND, (row) => `${row.reportedAt.toISOString()}|${row.id}`);
  }

  /** The products of a risk the caller may read (an enterprise sees its own among them). */
  async productsOf(risk: QualityRiskEntity, context: RequestContext): Promise<ProductEntity[]> {
    const caller = reader(context, 'quality risks');
    const products = await Promise.all(risk.productIds.map((id) => context.loaders.get(this.productById).load(id)));
    return products.filter((product): product is ProductEntity => product !== null && (caller.uscc === null || product.ownerUscc === caller.uscc));
  }

  async affectedCodes(subjectId: string, first: number | null | undefined, after: string | null | undefined): Promise<Connection<AffectedCode>> {
    const page = pageRequest(first, after, AFFECTED_CURSOR_KIND);
    const [{ total }] = await this.sql<{ total: number }[]>`select count(*)::int as total from traceability.affected_codes where subject_id = ${subjectId}`;
    const rows = await this.sql<{ code: string; waybill_no: string | null }[]>`
      select code, waybill_no from traceability.affected_codes
      where subject_id = ${subjectId} and (${page.after ?? null}::text is null or code > ${page.after ?? null}::text)
      order by code limit ${page.first + 1}`;
    return toConnection(rows.map((row) => ({ code: row.code, waybillNo: row.waybill_no })), page, total, AFFECTED_CURSOR_KIND, (row) => row.code);
  }

  affected(subjectId: string, context: RequestContext): Promise<AffectedGoods> {
    return context.loaders.get(this.counts).load(subjectId).then((counts) => ({ subjectId, ...(counts ?? { codeCount: 0, parcelCount: 0 }) }));
  }

  /** The products, batches and codes a risk names, checked: filed products, valid codes, and for an enterprise only its own goods. */
  private async namedGoods(input: QualityRiskInput, identity: Identity): Promise<NamedGoods> {
    const productIds = distinct(input.productIds ?? []);
    const batches = distinct(input.batches ?? []);
    const codes = distinct(input.codes ?? []);
    if (productIds.length + batches.length + codes.length === 0) {
      throw badInput('input.productIds', 'name the products, batches or codes the risk concerns (at least one)');
    }
    for (const [field, values] of [['input.productIds', productIds], ['input.batches', batches], ['input.codes', codes]] as const) {
      if (values.length > MAX_NAMED) throw badInput(field, `at most ${MAX_NAMED} entries, got ${values.length}`);
    }
    productIds.forEach((id, index) => {
      if (!UUID.test(id)) throw badInput(`input.productIds[${index}]`, `must be a product id, got '${id}'`);
    });
    const products = productIds.length > 0 ? await this.db.getRepository(ProductEntity).findBy({ id: In(productIds) }) : [];
    productIds.forEach((id, index) => {
      const product = products.find((found) => found.id === id);
      if (!product) throw badInput(`input.productIds[${index}]`, `no product ${id} is filed`);
      if (identity.role === 'ENTERPRISE' && product.ownerUscc !== identity.uscc) {
        throw forbidden(`input.productIds[${index}]: an enterprise reports risks on its own products only; ${id} is another enterprise's`);
      }
    });
    const productGtins = new Set(products.map((product) => product.gtin14).filter((gtin): gtin is string => gtin !== null));
    for (const [field, values] of [['input.batches', batches], ['input.codes', codes]] as const) {
      values.forEach((value, index) => {
        const parsed = parseCode(value);
        if (!parsed.code) throw badInput(`${field}[${index}]`, parsed.problem);
        if (field === 'input.batches' && !parsed.code.classLevel && parsed.code.kind !== 'OTHER') {
          throw badInput(`${field}[${index}]`, `'${value}' names one object, not a batch; put it in codes (a batch is an LGTIN or a Digital Link with a lot)`);
        }
        if (productGtins.size > 0 && parsed.code.gtin14 !== null && !productGtins.has(parsed.code.gtin14)) {
          throw badInput(`${field}[${index}]`, `'${value}' carries GTIN ${parsed.code.gtin14}, which is not the GTIN of any product listed in productIds`);
        }
      });
    }
    if (identity.role === 'ENTERPRISE') await this.assertOwnCodes(identity.uscc!, batches, codes);
    return { products, batches, codes };
  }

  /** An enterprise names only codes of its own products (by GTIN) or codes in events recorded for it. */
  private async assertOwnCodes(uscc: string, batches: string[], codes: string[]): Promise<void> {
    const all = [...batches, ...codes];
    if (all.length === 0) return;
    const foreign = await this.sql<{ code: string }[]>`
      select c.code from unnest(${all}::text[]) as c(code)
      where not traceability.code_of_owner(c.code, ${uscc}::text)
        and not exists (select 1 from traceability.event_codes ec join traceability.events e on e.event_id = ec.event_id
                        where ec.code = c.code and e.enterprise_uscc = ${uscc})`;
    if (foreign.length > 0) {
      const code = foreign[0].code;
      const field = batches.includes(code) ? `input.batches[${batches.indexOf(code)}]` : `input.codes[${codes.indexOf(code)}]`;
      throw forbidden(`${field}: '${code}' is neither a code of your products nor in events recorded for you; an enterprise reports risks on its own goods`);
    }
  }

  /** Where the walk starts: the batches and codes named, else every code carrying the products' GTINs. */
  private async seedsOf(named: NamedGoods): Promise<string[]> {
    if (named.batches.length + named.codes.length > 0) return [...named.batches, ...named.codes];
    return codesOfGtins(this.sql, named.products.map((product) => product.gtin14).filter((gtin): gtin is string => gtin !== null));
  }

  /** The owners of the products named, by id or by the GTINs of the batches and codes. */
  private async answerableEnterprises(named: NamedGoods): Promise<string[]> {
    const gtins = [...named.batches, ...named.codes].map((code) => parseCode(code).code?.gtin14).filter((gtin): gtin is string => !!gtin);
    const rows = await this.sql<{ owner: string }[]>`
      select distinct owner_uscc::text as owner from traceability.products
      where id = any(${named.products.map((product) => product.id)}::uuid[]) or gtin14 = any(${gtins}::text[])
      order by owner`;
    return rows.map((row) => row.owner);
  }
}

function maySee(caller: Reader, risk: QualityRiskEntity): boolean {
  return caller.uscc === null || risk.enterprises.includes(caller.uscc) || risk.reporterUscc === caller.uscc;
}

async function saveAffected(manager: EntityManager, subjectId: string, affected: AffectedRows): Promise<void> {
  if (affected.codes.length > 0) {
    await manager.query(
      `insert into traceability.affected_codes (subject_id, code, waybill_no)
       select $1, code, waybill_no from unnest($2::text[], $3::text[]) as a(code, waybill_no)`,
      [subjectId, affected.codes.map((row) => row.code), affected.codes.map((row) => row.waybillNo)],
    );
  }
  if (affected.declarations.length > 0) {
    await manager.query(
      `insert into traceability.affected_declarations (subject_id, declaration_id) select $1, unnest($2::text[])`,
      [subjectId, affected.declarations],
    );
  }
}

function affectedSummary(affected: AffectedRows) {
  return {
    affectedCodeCount: affected.codes.length,
    parcelCount: affected.codes.filter((row) => row.waybillNo !== null).length,
    declarationCount: affected.declarations.length,
    declarationIds: affected.declarations.slice(0, MAX_DECLARATIONS_IN_EVENT),
  };
}

function distinct(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}

function group<T, V>(keys: readonly string[], rows: (T & { subject_id: string })[], map: (row: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(row.subject_id)?.push(map(row));
  return groups;
}
