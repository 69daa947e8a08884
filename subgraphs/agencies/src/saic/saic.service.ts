import { actorOf, requireIdentity, type Logger, type RequestContext } from '@sw/kernel';
import type { CreditInputs } from '../credit-inputs/credit-inputs.service';
import { freshness, type AgencyCall, type Served } from '../resilience/agency-call';
import { validUscc } from '../enterprise/enterprise.validation';
import type { SaicClient, SaicRecordData } from './saic.client';
import type { PublicityList, SaicRecord, SaicStatus } from './saic.type';

/** The market regulator's record of an enterprise: public credit information, for every authenticated caller. */
export class SaicService {
  constructor(
    private readonly client: SaicClient,
    private readonly call: AgencyCall,
    private readonly inputs: CreditInputs,
    private readonly logger: Logger,
  ) {}

  /** Null when the regulator has no record of `uscc`. */
  async record(uscc: string, context: RequestContext): Promise<SaicRecord | null> {
    requireIdentity(context);
    validUscc('uscc', uscc);
    const served = await this.read(uscc, actorOf(context));
    return served.value ? toSaicRecord(served as Served<SaicRecordData>) : null;
  }

  /** Reads the record (through the cache unless `refresh`) and publishes it as a credit input when it is news. */
  async read(uscc: string, actor: string, refresh = false): Promise<Served<SaicRecordData | null>> {
    const served = await this.call.cached(`saic:${uscc}`, 'saic.enterprise', (signal) => this.client.enterprise(uscc, signal), refresh);
    if (served.fromUpstream) {
      await this.inputs.observeSaic(uscc, served.value, actor)
        .catch((error) => this.logger.warn({ err: error, uscc }, 'SAIC record not published; the refresh job will retry'));
    }
    return served;
  }
}

function toSaicRecord(served: Served<SaicRecordData>): SaicRecord {
  const record = served.value;
  return {
    ...record,
    status: record.status as SaicStatus,
    publicityEntries: [...record.publicityEntries]
      .sort((a, b) => a.listedOn.localeCompare(b.listedOn))
      .map((entry) => ({ ...entry, list: entry.list as PublicityList })),
    ...freshness(served),
  };
}
