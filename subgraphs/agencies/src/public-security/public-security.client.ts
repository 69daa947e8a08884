import type { AgencyHttp } from '../resilience/agency-http';
import { WireReader } from '../resilience/wire';

export const IDENTITY_RESULTS = ['MATCH', 'MISMATCH', 'NOT_FOUND'] as const;
export type IdentityResultValue = (typeof IDENTITY_RESULTS)[number];

export interface IdentityCheckData {
  result: IdentityResultValue;
  reference: string;
  checkedAt: Date;
}

/** The public security ID verification service (公民身份信息核查) as this subgraph needs it. */
export interface PublicSecurityClient {
  /** Whether `name` is the registered name of resident ID `idNumber`. */
  verify(name: string, idNumber: string, signal: AbortSignal): Promise<IdentityCheckData>;
}

/** The service over HTTP: `POST /identity/verify`. The number travels in the body, never in a URL. */
export class HttpPublicSecurityClient implements PublicSecurityClient {
  constructor(private readonly http: AgencyHttp) {}

  async verify(name: string, idNumber: string, signal: AbortSignal): Promise<IdentityCheckData> {
    const { body } = await this.http.post<unknown>('identity.verify', '/identity/verify', { name, idNumber }, signal);
    const wire = new WireReader('PUBLIC_SECURITY', 'identity.verify');
    const record = wire.object(body, 'the check');
    return { result: wire.oneOf(record, 'result', IDENTITY_RESULTS), reference: wire.string(record, 'reference'), checkedAt: wire.instant(record, 'checkedAt') };
  }
}
