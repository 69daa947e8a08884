import { defineLoader, type Identity, type Loaders } from '@sw/kernel';
import type { DataSource, EntityManager } from 'typeorm';

/** An enterprise as logistics knows it from the registry's events. */
export interface ProjectedEnterprise {
  uscc: string;
  name: string;
  customsCode: string | null;
  roles: string[];
  filingStatus: 'ACTIVE' | 'AMENDED' | 'REVOKED';
}

/** The e-commerce parties of a declaration that clears a waybill (from clearance's events). */
export interface WaybillParties {
  declarationId: string;
  enterprise: string | null;
  platform: string | null;
}

export const waybillKey = (logisticsCode: string, logisticsNo: string) => `${logisticsCode}/${logisticsNo}`;

function splitKey(key: string): [string, string] {
  const at = key.indexOf('/');
  return [key.slice(0, at), key.slice(at + 1)];
}

/**
 * Reads logistics' projections of registry filings and of clearance's declaration parties (fed by
 * events, never by reading another subgraph's tables), and answers who may read a waybill's
 * milestones: regulators; the logistics firm whose customs code is the waybill's logisticsCode;
 * the e-commerce enterprise and platform of the declaration that clears it (once clearance has
 * published that declaration). Partners read none: no consent scope covers parcel tracking.
 */
export class Parties {
  /** USCC → the customs code filed for it. */
  readonly customsCodes = defineLoader<string, string>('customsCodes', async (usccs) => {
    const rows: { uscc: string; customs_code: string }[] = await this.db.query(
      `select uscc, customs_code from logistics.enterprises where uscc = any($1) and customs_code is not null`, [[...usccs]]);
    return new Map(rows.map((row) => [row.uscc, row.customs_code]));
  });

  /** `logisticsCode/logisticsNo` → the e-commerce parties of the declarations that clear it, newest first. */
  readonly partiesOfWaybill = defineLoader<string, WaybillParties[]>('partiesOfWaybill', async (keys) => {
    const pairs = keys.map(splitKey);
    const rows: { code: string; logistics_no: string; declaration_id: string; enterprise_uscc: string | null; platform_uscc: string | null }[] =
      await this.db.query(
        `select e.customs_code::text as code, d.logistics_no, d.declaration_id, d.enterprise_uscc, d.platform_uscc
           from logistics.declaration_parties d join logistics.enterprises e on e.uscc = d.logistics_uscc
          where (e.customs_code::text, d.logistics_no) in (select * from unnest($1::text[], $2::text[]))
          order by d.last_event_seq desc`,
        [pairs.map(([code]) => code), pairs.map(([, no]) => no)]);
    const found = new Map<string, WaybillParties[]>();
    for (const row of rows) {
      const key = waybillKey(row.code, row.logistics_no);
      const list = found.get(key) ?? [];
      list.push({ declarationId: row.declaration_id, enterprise: row.enterprise_uscc, platform: row.platform_uscc });
      found.set(key, list);
    }
    return found;
  });

  constructor(private readonly db: DataSource) {}

  async byUscc(manager: EntityManager, uscc: string): Promise<ProjectedEnterprise | null> {
    const [row] = await manager.query(
      `select uscc, name, customs_code, roles, filing_status from logistics.enterprises where uscc = $1`, [uscc]);
    return row ? toEnterprise(row) : null;
  }

  /** The filing that holds a customs code: a live one before a revoked one. */
  async byCustomsCode(manager: EntityManager, code: string): Promise<ProjectedEnterprise | null> {
    const [row] = await manager.query(
      `select uscc, name, customs_code, roles, filing_status from logistics.enterprises where customs_code = $1
        order by (filing_status = 'REVOKED'), last_event_seq desc limit 1`, [code]);
    return row ? toEnterprise(row) : null;
  }

  /** The parties of the declarations that clear a waybill, newest first (none until clearance published one). */
  async ofWaybill(manager: EntityManager, logisticsCode: string, logisticsNo: string): Promise<WaybillParties[]> {
    const rows: { declaration_id: string; enterprise_uscc: string | null; platform_uscc: string | null }[] = await manager.query(
      `select d.declaration_id, d.enterprise_uscc, d.platform_uscc
         from logistics.declaration_parties d join logistics.enterprises e on e.uscc = d.logistics_uscc
        where e.customs_code = $1 and d.logistics_no = $2
        order by d.last_event_seq desc`, [logisticsCode, logisticsNo]);
    return rows.map((row) => ({ declarationId: row.declaration_id, enterprise: row.enterprise_uscc, platform: row.platform_uscc }));
  }

  /**
   * The logistics codes under which a waybill number is known here: from milestones reported and from
   * clearance's declarations. Usually one; two carriers may use the same number.
   */
  async codesOfWaybillNo(logisticsNo: string): Promise<string[]> {
    const rows: { code: string }[] = await this.db.query(
      `select logistics_code::text as code from logistics.parcel_milestones where logistics_no = $1
       union
       select e.customs_code::text from logistics.declaration_parties d join logistics.enterprises e on e.uscc = d.logistics_uscc
        where d.logistics_no = $1 and e.customs_code is not null
       order by 1`, [logisticsNo]);
    return rows.map((row) => row.code);
  }

  /** Whether `identity` may read the milestones of a waybill (see the class comment). Loader-backed: one query per kind per request. */
  async mayRead(identity: Identity | undefined, loaders: Loaders, logisticsCode: string, logisticsNo: string): Promise<boolean> {
    if (!identity) return false;
    if (identity.role === 'REGULATOR') return true;
    if (identity.role !== 'ENTERPRISE' || !identity.uscc) return false;
    const own = await loaders.get(this.customsCodes).load(identity.uscc);
    if (own === logisticsCode) return true;
    const parties = (await loaders.get(this.partiesOfWaybill).load(waybillKey(logisticsCode, logisticsNo))) ?? [];
    return parties.some((party) => party.enterprise === identity.uscc || party.platform === identity.uscc);
  }
}

function toEnterprise(row: Record<string, unknown>): ProjectedEnterprise {
  return {
    uscc: String(row.uscc),
    name: String(row.name),
    customsCode: row.customs_code === null ? null : String(row.customs_code),
    roles: (row.roles as string[]) ?? [],
    filingStatus: row.filing_status as ProjectedEnterprise['filingStatus'],
  };
}
