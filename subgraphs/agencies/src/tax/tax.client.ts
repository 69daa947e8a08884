import type { AgencyHttp } from '../resilience/agency-http';
import { WireReader } from '../resilience/wire';

export const TAX_RATINGS = ['A', 'B', 'M', 'C', 'D'] as const;
export type TaxRatingValue = (typeof TAX_RATINGS)[number];
export const REBATE_STATUSES = ['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED', 'PAID'] as const;
export type RebateStatusValue = (typeof REBATE_STATUSES)[number];

export interface TaxRatingData {
  rating: TaxRatingValue;
  /** Points out of 100; null for M (new or no-income enterprises) and assigned D ratings. */
  score: number | null;
  year: number;
  assessedOn: string;
}

export interface VatExemptionData {
  eligible: boolean;
  basis: string;
}

export interface RebateData {
  id: string;
  period: string;
  /** Decimal string, two places. */
  amount: string;
  currency: string;
  status: RebateStatusValue;
  submittedAt: Date;
  updatedAt: Date;
  /** Why the bureau rejected it; null unless REJECTED. */
  reason: string | null;
}

export interface RebateRequest {
  requestId: string;
  period: string;
  amount: string;
  currency: string;
  exportDeclarationIds: string[];
}

/** The tax bureau as this subgraph needs it. */
export interface TaxClient {
  /** The latest tax credit rating, or null when the bureau has none for `uscc`. */
  rating(uscc: string, signal: AbortSignal): Promise<TaxRatingData | null>;
  /** VAT exemption for CBEC retail exports (无票免税), or null when the bureau does not know `uscc`. */
  vatExemption(uscc: string, signal: AbortSignal): Promise<VatExemptionData | null>;
  /** Export-rebate declarations and their status; empty when the bureau does not know `uscc`. */
  rebates(uscc: string, signal: AbortSignal): Promise<RebateData[]>;
  /** Hands an export-rebate declaration over; the bureau is idempotent by requestId. */
  submitRebate(uscc: string, request: RebateRequest, signal: AbortSignal): Promise<RebateData>;
}

/** The tax bureau over HTTP: `/taxpayers/:uscc/{rating,vat-exemption,rebates}`. */
export class HttpTaxClient implements TaxClient {
  constructor(private readonly http: AgencyHttp) {}

  async rating(uscc: string, signal: AbortSignal): Promise<TaxRatingData | null> {
    const body = await this.http.get<unknown>('tax.rating', `${path(uscc)}/rating`, signal, true);
    if (body === null) return null;
    const wire = new WireReader('TAX', 'tax.rating');
    const record = wire.object(body, 'the rating');
    return {
      rating: wire.oneOf(record, 'rating', TAX_RATINGS),
      score: wire.optionalNumber(record, 'score'),
      year: wire.number(record, 'year'),
      assessedOn: wire.date(record, 'assessedOn'),
    };
  }

  async vatExemption(uscc: string, signal: AbortSignal): Promise<VatExemptionData | null> {
    const body = await this.http.get<unknown>('tax.vat-exemption', `${path(uscc)}/vat-exemption`, signal, true);
    if (body === null) return null;
    const wire = new WireReader('TAX', 'tax.vat-exemption');
    const record = wire.object(body, 'the exemption');
    return { eligible: wire.boolean(record, 'eligible'), basis: wire.string(record, 'basis') };
  }

  async rebates(uscc: string, signal: AbortSignal): Promise<RebateData[]> {
    const body = await this.http.get<unknown>('tax.rebates', `${path(uscc)}/rebates`, signal, true);
    if (body === null) return [];
    const wire = new WireReader('TAX', 'tax.rebates');
    return wire.array(wire.object(body, 'the answer').items, 'items').map((item, index) => readRebate(wire, wire.object(item, `items[${index}]`)));
  }

  async submitRebate(uscc: string, request: RebateRequest, signal: AbortSignal): Promise<RebateData> {
    const { body } = await this.http.post<unknown>('tax.submit-rebate', `${path(uscc)}/rebates`, request, signal);
    const wire = new WireReader('TAX', 'tax.submit-rebate');
    return readRebate(wire, wire.object(body, 'the rebate'));
  }
}

const path = (uscc: string) => `/taxpayers/${encodeURIComponent(uscc)}`;

function readRebate(wire: WireReader, item: Record<string, unknown>): RebateData {
  return {
    id: wire.string(item, 'id'),
    period: wire.string(item, 'period'),
    amount: wire.money(item, 'amount'),
    currency: wire.string(item, 'currency'),
    status: wire.oneOf(item, 'status', REBATE_STATUSES),
    submittedAt: wire.instant(item, 'submittedAt'),
    updatedAt: wire.instant(item, 'updatedAt'),
    reason: wire.optionalString(item, 'reason'),
  };
}
