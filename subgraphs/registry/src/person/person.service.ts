import {
  actorOf, badInput, conflict, defineLoader, forbidden, hasScope, maskIdNumber, maskName, maskPhone, optionalPhone, publish,
  requireIdentity, requiredText, residentIdProblem, type PiiVault, type RequestContext,
} from '@sw/kernel';
import { In, type DataSource } from 'typeorm';
import { validRegion } from '../enterprise/enterprise.validation';
import { PersonEntity } from './person.entity';
import type { FileIndividualInput } from './person.type';

export type PersonalField = 'name' | 'idNumber' | 'phone';

const MASKS: Record<PersonalField, (value: string) => string> = { name: maskName, idNumber: maskIdNumber, phone: maskPhone };
const UNIQUE_VIOLATION = '23505';
const SEALED: Record<PersonalField, keyof PersonEntity> = { name: 'nameEnc', idNumber: 'idNumberEnc', phone: 'phoneEnc' };

/**
 * What `name` and `idNumber` (non-null in the contract) answer once the retention job has erased them;
 * `phone` answers null. Masked or revealed alike: no plain text exists any more.
 */
export const ERASED = '[erased]';

/** Individual filings and their personal data: sealed at rest, masked on read, revealed only with pii:read and an audit event. */
export class PersonService {
  readonly byId = defineLoader<string, PersonEntity>('personById', async (ids) =>
    new Map((await this.db.getRepository(PersonEntity).findBy({ id: In([...ids]) })).map((row) => [row.id, row])));

  constructor(private readonly db: DataSource, private readonly vault: PiiVault, private readonly enabledPhases: Set<number>) {}

  /** The id every subgraph derives for a resident ID number. */
  personId(idNumber: string): string {
    return this.vault.hash(idNumber);
  }

  async file(input: FileIndividualInput, context: RequestContext): Promise<PersonEntity> {
    const identity = requireIdentity(context);
    if (identity.role === 'PARTNER') throw forbidden('a PARTNER caller may not file individuals');
    const problem = residentIdProblem(input.idNumber);
    if (problem) throw badInput('input.idNumber', problem);
    const name = requiredText('input.name', input.name, 50);
    const region = validRegion('input.region', input.region, this.enabledPhases);
    const phone = optionalPhone('input.phone', input.phone);
    const id = this.personId(input.idNumber);
    const duplicate = () => conflict('an individual with this ID number is already filed');
    try {
      return await this.db.transaction(async (manager) => {
        if (await manager.existsBy(PersonEntity, { id })) throw duplicate();
        const person = manager.create(PersonEntity, {
          id, region, filedAt: new Date(), nameEnc: this.vault.encrypt(name), idNumberEnc: this.vault.encrypt(input.idNumber),
          phoneEnc: phone === null ? null : this.vault.encrypt(phone), anonymisedAt: null,
        });
        await manager.insert(PersonEntity, person);
        await publish(manager, { type: 'registry.person.filed', subject: id, actor: actorOf(context), data: { personId: id, region } });
        return person;
      });
    } catch (error) {
      // A concurrent filing of the same number slips past the existence check; the primary key still says CONFLICT.
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) throw duplicate();
      throw error;
    }
  }

  /**
   * A personal field, masked unless revealed; a reveal needs pii:read and is published for the audit log.
   * Like an absent phone, an erased value has nothing to reveal: no scope check, no event.
   */
  async personalField(person: PersonEntity, field: PersonalField, reveal: boolean, context: RequestContext): Promise<string | null> {
    if (person.anonymisedAt) return field === 'phone' ? null : ERASED;
    const sealed = person[SEALED[field]] as string | null;
    if (sealed === null) return null;
    const plain = this.vault.decrypt(sealed);
    if (!reveal) return MASKS[field](plain);
    if (!hasScope(context.identity, 'pii:read')) throw forbidden(`reveal: true on Person.${field} needs the scope pii:read`);
    await this.db.transaction((manager) => publish(manager, {
      type: 'registry.pii.revealed', subject: person.id, actor: actorOf(context),
      data: { subjectType: 'Person', subjectId: person.id, fields: [field] },
    }));
    return plain;
  }
}
