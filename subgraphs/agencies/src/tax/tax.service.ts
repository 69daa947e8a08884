import { createHash } from 'node:crypto';
import {
  actorOf, appError, badInput, conflict, forbidden, notFound, pageRequest, publish, requireIdentity, toConnection,
  type Connection, type Logger, type PartnerGrants, type RequestContext,
} from '@sw/kernel';
import type { DataSource } from 'typeorm';
import { canonicalJson, type CreditInputs } from '../credit-inputs/credit-inputs.service';
import { freshness, type AgencyCall, type Served } from '../resilience/agency-call';
import { UpstreamHttpError } from '../resilience/agency-http';
import type { RebateData, TaxClient, TaxRatingData } from './tax.client';
import type { ExportRebate, RebateStatus, SubmitExportRebateInput, TaxProfile, TaxRating, VatExemption } from './tax.type';
import { validUscc } from '../enterprise/enterprise.validation';
import { validRebate } from './tax.validation';

const CURSOR_KIND = 'rebate';

/** A TaxProfile as resolvers pass it on: the USCC travels along for the nested fields. */
export type TaxProfileValue = TaxProfile & { uscc: string };

/**
 * The tax bureau: credit rating, VAT exemption and export rebates of an enterprise, readable by
 * that enterprise, regulators and partners under its grant (TAX for the profile, REBATE as well for
 * the rebates); rebate declarations written by the enterprise itself or a regulator.
 */
export class TaxService {
  constructor(
    private readonly db: DataSource,
    private readonly client: TaxClient,
    private readonly call: AgencyCall,
    private readonly inputs: CreditInputs,
    private readonly logger: Logger,
    private readonly grants: PartnerGrants,
  ) {}

  /** The profile with its rating; FORBIDDEN before any agency call for a caller who may not see it. */
  async profile(uscc: string, context: RequestContext): Promise<TaxProfileValue> {
    requireIdentity(context);
    validUscc('uscc', uscc);
    await this.grants.assertMayRead(context, uscc, 'TAX', 'the tax profile');
    const served = await this.rating(uscc, actorOf(context));
    const rating = served.value;
    return {
      uscc,
      rating: (rating?.rating ?? null) as TaxRating | null,
      score: rating?.score ?? null,
      year: rating?.year ?? null,
      assessedOn: rating?.assessedOn ?? null,
      ...freshness(served),
    };
  }

  /** Reads the rating (through the cache unless `refresh`) and publishes it as a credit input when it is news. */
  async rating(uscc: string, actor: string, refresh = false): Promise<Served<TaxRatingData | null>> {
    const served = await this.call.cached(`tax:rating:${uscc}`, 'tax.rating', (signal) => this.client.rating(uscc, signal), refresh);
    if (served.fromUpstream) {
      await this.inputs.observeTaxRating(uscc, served.value, actor)
        .catch((error) => this.logger.warn({ err: error, uscc }, 'tax rating not published; the refresh job will retry'));
    }
    return served;
  }

  /** Null when the bureau does not know the enterprise. The parent profile already checked tenancy. */
  async vatExemption(profile: TaxProfileValue): Promise<VatExemption | null> {
    const served = await this.call.cached(`tax:vat:${profile.uscc}`, 'tax.vat-exemption', (signal) => this.client.vatExemption(profile.uscc, signal));
    return served.value ? { ...served.value, ...freshness(served) } : null;
  }

  /** Newest first, paged here: the bureau answers the whole list. A partner needs REBATE besides the TAX that opened the profile. */
  async rebates(profile: TaxProfileValue, first: number | null | undefined, after: string | null | undefined, context: RequestContext): Promise<Connection<ExportRebate>> {
    await this.grants.assertMayRead(context, profile.uscc, 'REBATE', 'the export rebates');
    const page = pageRequest(first, after, CURSOR_KIND);
    const served = await this.call.cached(`tax:rebates:${profile.uscc}`, 'tax.rebates', (signal) => this.client.rebates(profile.uscc, signal));
    const all = [...served.value].sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || (a.id < b.id ? 1 : -1));
    let start = 0;
    if (page.after !== undefined) {
      const index = all.findIndex((rebate) => rebate.id === page.after);
      if (index < 0) throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
      start = index + 1;
    }
    return toConnection(all.slice(start, start + page.first + 1).map(toExportRebate), page, all.length, CURSOR_KIND, (rebate) => rebate.id);
  }

  /**
   * Hands an export-rebate declaration to the bureau: the enterprise for itself, or a regulator.
   * The same requestId answers the same declaration (its current status); reused with other
   * content it is CONFLICT. The first submission publishes `agencies.rebate.submitted`.
   */
  async submit(input: SubmitExportRebateInput, context: RequestContext): Promise<ExportRebate> {
    const identity = requireIdentity(context);
    const rebate = validRebate(input);
    if (identity.role !== 'REGULATOR' && !(identity.role === 'ENTERPRISE' && identity.uscc === rebate.uscc)) {
      throw forbidden(`an export rebate of ${rebate.uscc} may be submitted only by that enterprise or a regulator`);
    }
    const { uscc, ...request } = rebate;
    const fingerprint = createHash('sha256').update(canonicalJson(rebate)).digest('hex');
    await this.assertSameRequest(uscc, request.requestId, fingerprint);
    let submitted: RebateData;
    try {
      submitted = await this.call.run('tax.submit-rebate', (signal) => this.client.submitRebate(uscc, request, signal));
    } catch (error) {
      throw refusal(error, uscc, request.requestId);
    }
    this.call.invalidate(`tax:rebates:${uscc}`);
    await this.db.transaction(async (manager) => {
      const inserted = await manager.query(`
        insert into agencies.rebate_requests (uscc, request_id, rebate_id, fingerprint, submitted_by) values ($1, $2, $3, $4, $5)
        on conflict do nothing returning request_id`, [uscc, request.requestId, submitted.id, fingerprint, actorOf(context)]);
      if (inserted.length === 0) return;
      await publish(manager, {
        type: 'agencies.rebate.submitted', subject: uscc, actor: actorOf(context),
        data: { uscc, rebateId: submitted.id, requestId: request.requestId, period: submitted.period, amount: submitted.amount, currency: submitted.currency, status: submitted.status },
      });
    });
    return toExportRebate(submitted);
  }

  private async assertSameRequest(uscc: string, requestId: string, fingerprint: string): Promise<void> {
    const [earlier] = await this.db.query(`select fingerprint from agencies.rebate_requests where uscc = $1 and request_id = $2`, [uscc, requestId]);
    if (earlier && earlier.fingerprint !== fingerprint) {
      throw conflict(`input.requestId: ${requestId} was already used for a different declaration of ${uscc}; use a new requestId for a new declaration`);
    }
  }
}

/** What the bureau's definitive refusals mean to the caller; unavailability passes through unchanged. */
function refusal(error: unknown, uscc: string, requestId: string): unknown {
  if (!(error instanceof UpstreamHttpError)) return error;
  if (error.status === 409) return conflict(`input.requestId: the tax bureau already holds ${requestId} for ${uscc} with other content`);
  if (error.status === 404) return notFound(`taxpayer ${uscc} at the tax bureau`);
  if (error.status === 400 || error.status === 422) {
    return badInput('input', `the tax bureau refused the declaration${error.detail ? `: ${error.detail}` : ''}`);
  }
  return appError('UPSTREAM_UNAVAILABLE', `the tax bureau refused the call (HTTP ${error.status}); try again later`, { agency: 'TAX', reason: 'UPSTREAM_ERROR' });
}

function toExportRebate(rebate: RebateData): ExportRebate {
  return { ...rebate, status: rebate.status as RebateStatus };
}
