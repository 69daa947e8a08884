import {
  actorOf, assertMayReadEnterprise, badInput, conflict, defineLoader, forbidden, notFound, pageRequest, publish, requireIdentity, toConnection,
  type Connection, type Identity, type PiiVault, type RequestContext,
} from '@sw/kernel';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { Agency, FilingStatus, QualificationStatus } from './enterprise.enums';
import { EnterpriseEntity, FilingChangeEntity, QualificationEntity } from './enterprise.entity';
import type { AmendFilingInput, EnterpriseFilter, FileEnterpriseInput } from './enterprise.inputs';
import type { Filing } from './enterprise.type';
import { validAmendment, validFiling, validUscc, type ValidAmendment } from './enterprise.validation';

const CURSOR_KIND = 'enterprise';
const UNIQUE_VIOLATION = '23505';

/** Filing, amending, revoking and reading enterprises; every change publishes its event in the same transaction. */
export class EnterpriseService {
  readonly byUscc = defineLoader<string, EnterpriseEntity>('enterpriseByUscc', async (usccs) =>
    new Map((await this.db.getRepository(EnterpriseEntity).findBy({ uscc: In([...usccs]) })).map((row) => [row.uscc, row])));

  readonly byCustomsCode = defineLoader<string, EnterpriseEntity>('enterpriseByCustomsCode', async (codes) =>
    new Map((await this.db.getRepository(EnterpriseEntity).findBy({ customsCode: In([...codes]) }))
      .map((row) => [row.customsCode!, row])));

  readonly qualificationsByUscc = defineLoader<string, QualificationEntity[]>('qualificationsByUscc', async (usccs) =>
    groupBy(await this.db.getRepository(QualificationEntity).find({ where: { uscc: In([...usccs]) }, order: { agency: 'ASC' } }), (row) => row.uscc));

  readonly historyByUscc = defineLoader<string, FilingChangeEntity[]>('filingHistoryByUscc', async (usccs) =>
    groupBy(await this.db.getRepository(FilingChangeEntity).find({ where: { uscc: In([...usccs]) }, order: { id: 'ASC' } }), (row) => row.uscc));

  constructor(private readonly db: DataSource, private readonly vault: PiiVault, private readonly enabledPhases: Set<number>) {}

  async file(input: FileEnterpriseInput, context: RequestContext): Promise<EnterpriseEntity> {
    const identity = requireIdentity(context);
    const filing = validFiling(input, this.enabledPhases);
    assertMayWrite(identity, filing.uscc);
    return this.inTransaction(async (manager) => {
      if (await manager.existsBy(EnterpriseEntity, { uscc: filing.uscc })) {
        throw conflict(`enterprise ${filing.uscc} is already filed; use amendFiling to change it`);
      }
      await this.assertNotListed(manager, filing.uscc, 'input.uscc', 'file with the Single Window');
      await this.assertCustomsCodeFree(manager, filing.customsCode, filing.uscc);
      const now = new Date();
      const enterprise = manager.create(EnterpriseEntity, {
        uscc: filing.uscc, name: filing.name, customsCode: filing.customsCode, region: filing.region, roles: filing.roles,
        legalRepresentativeEnc: this.seal(filing.legalRepresentative), address: filing.address,
        contactPhoneEnc: this.seal(filing.contactPhone), filingStatus: FilingStatus.ACTIVE, filedAt: now, updatedAt: now,
      });
      await manager.insert(EnterpriseEntity, enterprise);
      await manager.insert(QualificationEntity, Object.values(Agency).map((agency) => ({
        uscc: filing.uscc, agency, status: QualificationStatus.ACTIVE, updatedAt: now,
      })));
      await this.recordChange(manager, filing.uscc, 'FILED', [], null, context, now);
      await publish(manager, {
        type: 'registry.enterprise.filed', subject: filing.uscc, actor: actorOf(context),
        data: { ...publicFields(enterprise), filingStatus: enterprise.filingStatus },
      });
      return enterprise;
    });
  }

  async amend(uscc: string, input: AmendFilingInput, context: RequestContext): Promise<EnterpriseEntity> {
    const identity = requireIdentity(context);
    validUscc('uscc', uscc);
    assertMayWrite(identity, uscc);
    const amendment = validAmendment(input, this.enabledPhases);
    return this.inTransaction(async (manager) => {
      const enterprise = await this.lockActive(manager, uscc, 'amend');
      await this.assertNotListed(manager, uscc, 'uscc', 'amend its filing');
      const changed = this.applyAmendment(enterprise, amendment);
      if (changed.length === 0) return enterprise;
      if (changed.includes('customsCode')) await this.assertCustomsCodeFree(manager, enterprise.customsCode, uscc);
      enterprise.filingStatus = FilingStatus.AMENDED;
      enterprise.updatedAt = new Date();
      await manager.save(EnterpriseEntity, enterprise);
      await this.recordChange(manager, uscc, 'AMENDED', changed, null, context, enterprise.updatedAt);
      await publish(manager, {
        type: 'registry.enterprise.amended', subject: uscc, actor: actorOf(context),
        data: { ...publicFields(enterprise), filingStatus: enterprise.filingStatus, changed },
      });
      return enterprise;
    });
  }

  async revoke(uscc: string, reason: string, context: RequestContext): Promise<EnterpriseEntity> {
    const identity = requireIdentity(context);
    validUscc('uscc', uscc);
    if (identity.role !== 'REGULATOR') throw forbidden('only a regulator may revoke a filing');
    const why = reason.trim();
    if (!why) throw badInput('reason', 'must say why the filing is revoked');
    return this.inTransaction(async (manager) => {
      const enterprise = await this.lockActive(manager, uscc, 'revoke');
      const now = new Date();
      enterprise.filingStatus = FilingStatus.REVOKED;
      enterprise.updatedAt = now;
      await manager.save(EnterpriseEntity, enterprise);
      await manager.update(QualificationEntity, { uscc }, { status: QualificationStatus.REVOKED, updatedAt: now });
      await this.recordChange(manager, uscc, 'REVOKED', [], why, context, now);
      await publish(manager, {
        type: 'registry.enterprise.revoked', subject: uscc, actor: actorOf(context),
        data: { uscc, customsCode: enterprise.customsCode, reason: why, filingStatus: enterprise.filingStatus },
      });
      return enterprise;
    });
  }

  async list(filter: EnterpriseFilter | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Connection<EnterpriseEntity>> {
    const page = pageRequest(first, after, CURSOR_KIND);
    const query = this.db.getRepository(EnterpriseEntity).createQueryBuilder('e');
    if (filter?.regions?.length) query.andWhere('e.region in (:...regions)', { regions: filter.regions });
    if (filter?.role) query.andWhere(':role = any(e.roles)', { role: filter.role });
    if (filter?.statuses?.length) query.andWhere('e.filing_status in (:...statuses)', { statuses: filter.statuses });
    if (filter?.customsCode) query.andWhere('e.customs_code = :code', { code: filter.customsCode });
    if (filter?.nameContains?.trim()) {
      query.andWhere(`e.name ilike :name escape '\\'`, { name: `%${filter.nameContains.trim().replace(/[\\%_]/g, '\\$&')}%` });
    }
    const totalCount = await query.getCount();
    if (page.after) query.andWhere('e.uscc > :after', { after: page.after });
    const rows = await query.orderBy('e.uscc', 'ASC').limit(page.first + 1).getMany();
    return toConnection(rows, page, totalCount, CURSOR_KIND, (row) => row.uscc);
  }

  async filing(enterprise: EnterpriseEntity, context: RequestContext): Promise<Filing> {
    // No DataScope covers a filing (its history names who changed it): partners never read it, even under a grant.
    assertMayReadEnterprise(context.identity, enterprise.uscc, 'the filing');
    const [qualifications, history] = await Promise.all([
      context.loaders.get(this.qualificationsByUscc).load(enterprise.uscc),
      context.loaders.get(this.historyByUscc).load(enterprise.uscc),
    ]);
    return {
      status: enterprise.filingStatus,
      filedAt: enterprise.filedAt,
      updatedAt: enterprise.updatedAt,
      qualifications: (qualifications ?? []).map((row) => ({ agency: row.agency as Agency, status: row.status as QualificationStatus, updatedAt: row.updatedAt })),
      history: (history ?? []).map((row) => ({ kind: row.kind as never, changed: row.changed, reason: row.reason, actor: row.actor, at: row.at })),
    };
  }

  private applyAmendment(enterprise: EnterpriseEntity, amendment: ValidAmendment): string[] {
    const changed: string[] = [];
    const set = <K extends keyof EnterpriseEntity>(field: string, key: K, value: EnterpriseEntity[K], same: boolean) => {
      if (same) return;
      enterprise[key] = value;
      changed.push(field);
    };
    const { name, region, roles, customsCode, address, legalRepresentative, contactPhone } = amendment;
    if (name !== undefined) set('name', 'name', name, name === enterprise.name);
    if (region !== undefined) set('region', 'region', region, region === enterprise.region);
    if (roles !== undefined) set('roles', 'roles', roles, sameMembers(roles, enterprise.roles));
    if (customsCode !== undefined) set('customsCode', 'customsCode', customsCode, customsCode === enterprise.customsCode);
    if (address !== undefined) set('address', 'address', address, address === enterprise.address);
    // Sealed values differ on every encryption, so compare the plain text.
    if (legalRepresentative !== undefined) {
      set('legalRepresentative', 'legalRepresentativeEnc', this.seal(legalRepresentative),
        legalRepresentative === this.open(enterprise.legalRepresentativeEnc));
    }
    if (contactPhone !== undefined) {
      set('contactPhone', 'contactPhoneEnc', this.seal(contactPhone), contactPhone === this.open(enterprise.contactPhoneEnc));
    }
    return changed;
  }

  private async lockActive(manager: EntityManager, uscc: string, action: string): Promise<EnterpriseEntity> {
    const enterprise = await manager.findOne(EnterpriseEntity, { where: { uscc }, lock: { mode: 'pessimistic_write' } });
    if (!enterprise) throw notFound(`enterprise ${uscc}`);
    if (enterprise.filingStatus === FilingStatus.REVOKED) throw conflict(`the filing of ${uscc} is revoked; it cannot ${action}`);
    return enterprise;
  }

  /**
   * A subject on credit's negative list may not file or amend (issue 5), answered like clearance
   * answers a listed party: BAD_USER_INPUT naming the field. The list is the registry's own
   * projection of credit's events (events/negative-list.consumer.ts), so it holds from the moment
   * that projection has the listing; revocation stays open to regulators.
   */
  private async assertNotListed(manager: EntityManager, uscc: string, field: string, action: string): Promise<void> {
    const [listing] = await manager.query(
      `select reason, authority, listed_on::text as listed_on from registry.negative_list where uscc = $1 and listed`, [uscc]);
    if (!listing) return;
    const why = [listing.listed_on && `since ${listing.listed_on}`, listing.authority, listing.reason].filter(Boolean).join(', ');
    throw badInput(field, `enterprise ${uscc} is on the negative list${why ? ` (${why})` : ''} and may not ${action}`);
  }

  private async assertCustomsCodeFree(manager: EntityManager, customsCode: string | null, uscc: string): Promise<void> {
    if (!customsCode) return;
    const holder = await manager.findOneBy(EnterpriseEntity, { customsCode });
    if (holder && holder.uscc !== uscc) {
      throw conflict(`customs code ${customsCode} is already filed by enterprise ${holder.uscc}`);
    }
  }

  private recordChange(manager: EntityManager, uscc: string, kind: FilingChangeEntity['kind'], changed: string[], reason: string | null, context: RequestContext, at: Date) {
    return manager.insert(FilingChangeEntity, { uscc, kind, changed, reason, actor: actorOf(context), at });
  }

  /** A concurrent duplicate slips past the existence check; the unique index still says CONFLICT. */
  private async inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        throw conflict('this enterprise or customs code was filed at the same moment by another request');
      }
      throw error;
    }
  }

  private seal(value: string | null): string | null {
    return value === null ? null : this.vault.encrypt(value);
  }

  private open(sealed: string | null): string | null {
    return sealed === null ? null : this.vault.decrypt(sealed);
  }
}

/** An ENTERPRISE caller writes only its own filing; a partner never files. */
function assertMayWrite(identity: Identity, uscc: string): void {
  if (identity.role === 'REGULATOR') return;
  if (identity.role === 'ENTERPRISE' && identity.uscc === uscc) return;
  throw forbidden(`a ${identity.role} caller may not change the filing of ${uscc}`);
}

function publicFields(enterprise: EnterpriseEntity) {
  return { uscc: enterprise.uscc, name: enterprise.name, customsCode: enterprise.customsCode, region: enterprise.region, roles: enterprise.roles };
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}

/** Roles are a set: the same roles in another order are no change. */
function sameMembers<T>(a: T[], b: T[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
