import { badInput } from '@sw/kernel';
import type { EntityManager } from 'typeorm';

/** The registry roles a customs document names enterprises in (API.md EnterpriseRole). */
export type PartyRole = 'ECOMMERCE_PLATFORM' | 'ECOMMERCE_ENTERPRISE' | 'PAYMENT' | 'LOGISTICS' | 'CUSTOMS_BROKER';

const ROLE_TEXT: Record<PartyRole, string> = {
  ECOMMERCE_PLATFORM: 'an e-commerce platform (ECOMMERCE_PLATFORM)',
  ECOMMERCE_ENTERPRISE: 'an e-commerce enterprise (ECOMMERCE_ENTERPRISE)',
  PAYMENT: 'a payment enterprise (PAYMENT)',
  LOGISTICS: 'a logistics enterprise (LOGISTICS)',
  CUSTOMS_BROKER: 'a customs broker (CUSTOMS_BROKER)',
};

export interface ProjectedEnterprise {
  uscc: string;
  customsCode: string | null;
  roles: string[];
  filingStatus: 'ACTIVE' | 'AMENDED' | 'REVOKED';
  onNegativeList: boolean;
  negativeReason: string | null;
  riskClass: string | null;
}

/** A customs code on a document, the role it is named in, and the input field that carries it. */
export interface PartyReference {
  field: string;
  code: string;
  role: PartyRole;
}

/**
 * Reads clearance's projections of registry filings and credit standing (fed by events, never by
 * reading another subgraph's tables). A customs code maps to the live filing that holds it: a
 * revoked filing gives way to a live one with the same code.
 */
export class Parties {
  async byCustomsCodes(manager: EntityManager, codes: string[]): Promise<Map<string, ProjectedEnterprise>> {
    if (codes.length === 0) return new Map();
    const rows: Record<string, unknown>[] = await manager.query(
      `select distinct on (e.customs_code) e.uscc, e.customs_code, e.roles, e.filing_status,
              coalesce(c.on_negative_list, false) as on_negative_list, c.negative_reason, c.risk_class
         from clearance.enterprises e left join clearance.credit_standing c on c.uscc = e.uscc
        where e.customs_code = any($1)
        order by e.customs_code, (e.filing_status = 'REVOKED'), e.last_event_seq desc`,
      [[...new Set(codes)]],
    );
    return new Map(rows.map((row) => [String(row.customs_code), toEnterprise(row)]));
  }

  async byUscc(manager: EntityManager, uscc: string): Promise<ProjectedEnterprise | null> {
    const [row] = await manager.query(
      `select e.uscc, e.customs_code, e.roles, e.filing_status,
              coalesce(c.on_negative_list, false) as on_negative_list, c.negative_reason, c.risk_class
         from clearance.enterprises e left join clearance.credit_standing c on c.uscc = e.uscc
        where e.uscc = $1`,
      [uscc],
    );
    return row ? toEnterprise(row) : null;
  }

  /**
   * Every enterprise a document names must be filed with the Single Window, live, in the role it is
   * named in, and not on the negative list; otherwise BAD_USER_INPUT naming the field. Returns them by code.
   */
  async assertValid(manager: EntityManager, references: PartyReference[]): Promise<Map<string, ProjectedEnterprise>> {
    const found = await this.byCustomsCodes(manager, references.map((reference) => reference.code));
    for (const { field, code, role } of references) {
      const enterprise = found.get(code);
      if (!enterprise) {
        throw badInput(field, `no enterprise with customs code ${code} is filed with the Single Window; file it first (fileEnterprise)`);
      }
      if (enterprise.filingStatus === 'REVOKED') throw badInput(field, `the filing of enterprise ${enterprise.uscc} (customs code ${code}) is revoked`);
      if (!enterprise.roles.includes(role)) {
        throw badInput(field, `enterprise ${enterprise.uscc} (customs code ${code}) is not filed as ${ROLE_TEXT[role]}; its roles: ${enterprise.roles.join(', ') || 'none'}`);
      }
      // Decision: a listed subject is refused as BAD_USER_INPUT naming the field that names it (the issue's
      // "each failure is BAD_USER_INPUT naming the field"), so the integrator sees which party blocks the document.
      if (enterprise.onNegativeList) {
        throw badInput(field, `enterprise ${enterprise.uscc} (customs code ${code}) is on the negative list${enterprise.negativeReason ? ` (${enterprise.negativeReason})` : ''} and may not take part in CBEC declarations`);
      }
    }
    return found;
  }
}

function toEnterprise(row: Record<string, unknown>): ProjectedEnterprise {
  return {
    uscc: String(row.uscc),
    customsCode: row.customs_code === null ? null : String(row.customs_code),
    roles: (row.roles as string[]) ?? [],
    filingStatus: row.filing_status as ProjectedEnterprise['filingStatus'],
    onNegativeList: row.on_negative_list === true,
    negativeReason: (row.negative_reason as string | null) ?? null,
    riskClass: (row.risk_class as string | null) ?? null,
  };
}
