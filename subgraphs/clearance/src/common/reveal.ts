import { actorOf, forbidden, hasScope, maskIdNumber, maskName, maskPhone, publish, type RequestContext } from '@sw/kernel';
import type { DataSource } from 'typeorm';
import { maskAddress } from '../match/match';
import type { Sealer } from './pii';

export type PersonalKind = 'name' | 'idNumber' | 'phone' | 'address';

const MASKS: Record<PersonalKind, (value: string) => string> = { name: maskName, idNumber: maskIdNumber, phone: maskPhone, address: maskAddress };

/** What a personal value belongs to, for the audit event: never the value itself. */
export interface PersonalSubject {
  type: 'Declaration' | 'Order' | 'Payment' | 'Waybill';
  id: string;
}

/**
 * Personal data on the documents: masked for every caller by default; `reveal: true` needs pii:read and
 * publishes `clearance.pii.revealed` (ids and field names only) for the audit log, as the registry does.
 */
export class Reveal {
  constructor(private readonly db: DataSource, private readonly sealer: Sealer) {}

  async value(sealed: string | null, kind: PersonalKind, reveal: boolean, context: RequestContext, subject: PersonalSubject, field: string): Promise<string | null> {
    const plain = this.sealer.open(sealed);
    if (plain === null) return null;
    if (!reveal) return MASKS[kind](plain);
    if (!hasScope(context.identity, 'pii:read')) throw forbidden(`reveal: true on ${field} needs the scope pii:read`);
    await this.db.transaction((manager) => publish(manager, {
      type: 'clearance.pii.revealed', subject: subject.id, actor: actorOf(context),
      data: { subjectType: subject.type, subjectId: subject.id, fields: [field] },
    }));
    return plain;
  }
}
