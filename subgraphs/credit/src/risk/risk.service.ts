import { badInput, pageRequest, toConnection, type Connection, type RequestContext } from '@sw/kernel';
import type { DataSource } from 'typeorm';
import { requireRegulator } from '../common/access';
import { enterpriseRef } from '../enterprise/enterprise.type';
import { RiskWarningEntity } from './risk-warning.entity';
import type { RiskWarning } from './risk-warning.type';

const CURSOR_KIND = 'risk-warning';

/** Open risk warnings for regulators; they are opened and closed by profile recomputation. */
export class RiskService {
  constructor(private readonly db: DataSource) {}

  async openWarnings(first: number | null | undefined, after: string | null | undefined, context: RequestContext): Promise<Connection<RiskWarning>> {
    requireRegulator(context, 'risk warnings');
    const page = pageRequest(first, after, CURSOR_KIND);
    if (page.after !== undefined && !/^[1-9][0-9]{0,18}$/.test(page.after)) {
      throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
    }
    const query = this.db.getRepository(RiskWarningEntity).createQueryBuilder('w').where('w.closed_at is null');
    const totalCount = await query.getCount();
    if (page.after !== undefined) query.andWhere('w.id < :after', { after: page.after });
    const rows = await query.orderBy('w.id', 'DESC').limit(page.first + 1).getMany();
    return toConnection(rows.map((row): RiskWarning => ({
      id: String(row.id), uscc: row.uscc, enterprise: enterpriseRef(row.uscc), kind: row.kind, severity: row.severity,
      evidence: row.evidence, raisedAt: row.raisedAt,
    })), page, totalCount, CURSOR_KIND, (warning) => warning.id);
  }
}
