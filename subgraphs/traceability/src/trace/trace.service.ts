import { badInput, type RequestContext, type Sql } from '@sw/kernel';
import { reader } from '../common/access';
import { parseCode } from '../common/codes';
import { traceEventOf } from '../event/event.row';
import type { BizTransaction } from '../event/event.type';
import { traceEvents, type WalkMode, type WalkSeeds } from './trace.sql';
import { TraceDirection, type Trace } from './trace.type';

const MODES: Record<TraceDirection, WalkMode[]> = {
  [TraceDirection.FORWARD]: ['F'],
  [TraceDirection.BACKWARD]: ['B'],
  [TraceDirection.BOTH]: ['F', 'B'],
};

/** trace(code) and Declaration.trace: one recursive query for the events (trace.sql.ts), one for the enterprises involved. */
export class TraceService {
  constructor(private readonly sql: Sql, private readonly maxEvents: number) {}

  async trace(code: string, direction: TraceDirection, context: RequestContext): Promise<Trace | null> {
    const caller = reader(context, 'trace events');
    const parsed = parseCode(code);
    if (parsed.problem) throw badInput('code', parsed.problem);
    return this.walk(code, { codes: [code], declaration: null }, direction, caller.uscc);
  }

  async declarationTrace(declarationId: string, direction: TraceDirection, context: RequestContext): Promise<Trace | null> {
    const caller = reader(context, 'trace events');
    return this.walk(declarationId, { codes: [], declaration: declarationId }, direction, caller.uscc);
  }

  private async walk(code: string, seeds: WalkSeeds, direction: TraceDirection, viewer: string | null): Promise<Trace | null> {
    const { events, truncated } = await traceEvents(this.sql, seeds, MODES[direction], viewer, this.maxEvents);
    if (events.length === 0) return null;
    const ids = events.map((event) => event.event_id);
    const enterprises = await this.sql<{ uscc: string }[]>`
      select distinct uscc from (
        select e.enterprise_uscc::text as uscc from traceability.events e where e.event_id = any(${ids}::text[]) and e.enterprise_uscc is not null
        union all
        select unnest(e.parties) from traceability.events e where e.event_id = any(${ids}::text[])
        union all
        select p.owner_uscc::text from traceability.event_codes g join traceability.products p on p.gtin14 = g.gtin14
        where g.event_id = any(${ids}::text[]) and g.gtin14 is not null
      ) involved order by uscc`;
    const traceEventsOut = events.map(traceEventOf);
    const declarationIds = [...new Set(traceEventsOut.flatMap((event) =>
      event.bizTransactionList.filter((t: BizTransaction) => t.type === 'declaration').map((t) => t.id)))].sort();
    return { code, direction, events: traceEventsOut, truncated, enterpriseUsccs: enterprises.map((row) => row.uscc), declarationIds };
  }
}
