import { badInput, requireIdentity, type RequestContext } from '@sw/kernel';
import { validCustomsCode, validIdentifier } from '../common/validate';
import type { Parties } from '../projections/parties';
import { waybillRef, type Waybill } from './waybill.type';

/**
 * `waybill(logisticsNo)`: logistics answers it from what it knows of waybill numbers, the
 * milestones reported and clearance's declarations (by event), and the gateway completes the
 * document (and its declaration) from clearance. A waybill the caller may not read is null.
 */
export class WaybillService {
  constructor(private readonly parties: Parties) {}

  async find(logisticsNo: string, logisticsCode: string | null | undefined, context: RequestContext): Promise<Waybill | null> {
    requireIdentity(context);
    const number = validIdentifier('logisticsNo', logisticsNo, 60);
    const code = logisticsCode === null || logisticsCode === undefined ? null : validCustomsCode('logisticsCode', logisticsCode);
    const known = (await this.parties.codesOfWaybillNo(number)).filter((candidate) => code === null || candidate === code);
    const readable: string[] = [];
    for (const candidate of known) {
      if (await this.parties.mayRead(context.identity, context.loaders, candidate, number)) readable.push(candidate);
    }
    if (readable.length === 0) return null;
    if (readable.length > 1) {
      throw badInput('logisticsCode', `waybill number ${number} is used by more than one logistics firm (${readable.join(', ')}); pass logisticsCode to choose`);
    }
    return waybillRef(readable[0]!, number);
  }
}
