import type { AgencyHttp } from '../resilience/agency-http';
import { WireReader } from '../resilience/wire';

export const SAIC_STATUSES = ['IN_BUSINESS', 'REVOKED', 'CANCELLED'] as const;
export type SaicStatusValue = (typeof SAIC_STATUSES)[number];
export const PUBLICITY_LISTS = ['ABNORMAL_OPERATIONS', 'SERIOUS_VIOLATIONS'] as const;
export type PublicityListValue = (typeof PUBLICITY_LISTS)[number];

/** An entry on a credit publicity list (经营异常名录, 严重违法失信名单). */
export interface PublicityEntryData {
  list: PublicityListValue;
  reason: string;
  listedOn: string;
  removedOn: string | null;
  authority: string;
}

/** The registration record the enterprise credit publicity system shows for a USCC. */
export interface SaicRecordData {
  uscc: string;
  name: string;
  legalForm: string;
  status: SaicStatusValue;
  /** Decimal string, two places. */
  registeredCapital: string;
  currency: string;
  establishedOn: string;
  businessScope: string;
  publicityEntries: PublicityEntryData[];
}

/** The market regulator (SAIC) as this subgraph needs it. */
export interface SaicClient {
  /** The record of `uscc`, or null when the regulator has none. */
  enterprise(uscc: string, signal: AbortSignal): Promise<SaicRecordData | null>;
}

/** The SAIC agency over HTTP: `GET /enterprises/:uscc`. */
export class HttpSaicClient implements SaicClient {
  constructor(private readonly http: AgencyHttp) {}

  async enterprise(uscc: string, signal: AbortSignal): Promise<SaicRecordData | null> {
    const body = await this.http.get<unknown>('saic.enterprise', `/enterprises/${encodeURIComponent(uscc)}`, signal, true);
    return body === null ? null : readSaicRecord(body);
  }
}

function readSaicRecord(body: unknown): SaicRecordData {
  const wire = new WireReader('SAIC', 'saic.enterprise');
  const record = wire.object(body, 'the record');
  return {
    uscc: wire.string(record, 'uscc'),
    name: wire.string(record, 'name'),
    legalForm: wire.string(record, 'legalForm'),
    status: wire.oneOf(record, 'status', SAIC_STATUSES),
    registeredCapital: wire.money(record, 'registeredCapital'),
    currency: wire.string(record, 'currency'),
    establishedOn: wire.date(record, 'establishedOn'),
    businessScope: wire.string(record, 'businessScope'),
    publicityEntries: wire.array(record.publicityEntries, 'publicityEntries').map((item, index) => {
      const entry = wire.object(item, `publicityEntries[${index}]`);
      return {
        list: wire.oneOf(entry, 'list', PUBLICITY_LISTS),
        reason: wire.string(entry, 'reason'),
        listedOn: wire.date(entry, 'listedOn'),
        removedOn: wire.optionalDate(entry, 'removedOn'),
        authority: wire.string(entry, 'authority'),
      };
    }),
  };
}
