import type { PersonalSubject } from '../common/reveal';

/** What Buyer's field resolvers read: the sealed values and whose they are. */
export interface BuyerSource {
  idType: string;
  personId: string | null;
  nameEnc: string | null;
  idNumberEnc: string | null;
  telephoneEnc: string | null;
  subject: PersonalSubject;
  /** Field names in the audit event: buyer.name, payer.idNumber … */
  prefix: 'buyer' | 'payer';
}
