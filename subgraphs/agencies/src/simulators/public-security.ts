import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { maskIdNumber, maskName, residentIdProblem } from '@sw/kernel';
import { derive, fraction, personName, sampleIdNumber } from './deterministic';
import { BadRequest, objectBody, requiredString, type AgencyDefinition } from './simulator-app';

/**
 * The public-security identity verification simulator (公民身份信息核查): is this name the one
 * registered for this resident ID number?
 *
 *   POST /identity/verify { name, idNumber } → { result: MATCH | MISMATCH | NOT_FOUND, reference, checkedAt }
 *
 * The register is derived from the ID number's hash: about 1 in 10 numbers are not in it, the
 * others have one registered name (male or female by the 17th digit, as GB 11643-1999 encodes).
 * Neither the number nor the name is ever logged: only their masks.
 */

export type IdentityResult = 'MATCH' | 'MISMATCH' | 'NOT_FOUND';

export interface IdentityCheck {
  result: IdentityResult;
  reference: string;
  checkedAt: string;
}

/** True when the simulated register holds this ID number (about 9 in 10). */
export function isRegisteredIdNumber(idNumber: string): boolean {
  return fraction(idNumber, 'psb.registered') >= 1 / 10;
}

/**
 * The name the simulated register holds for `idNumber`: send it to get MATCH (any other name gets
 * MISMATCH). For a number that is not registered (see `isRegisteredIdNumber`) the answer is
 * NOT_FOUND whatever the name.
 */
export function registeredNameFor(idNumber: string): string {
  // GB 11643-1999: the 17th digit is odd for men, even for women.
  const female = Number(idNumber[16]) % 2 === 0;
  return personName(derive(idNumber, 'psb.name'), female);
}

/** A valid resident ID number that the simulated register holds (or, with `registered: false`, does not), and its registered name. */
export function identityFixture(seed: string | number, registered = true): { idNumber: string; name: string } {
  const idNumber = sampleIdNumber(seed, (id) => isRegisteredIdNumber(id) === registered);
  return { idNumber, name: registeredNameFor(idNumber) };
}

/** What the simulated register answers, without the per-call reference. */
export function identityResultFor(name: string, idNumber: string): IdentityResult {
  if (!isRegisteredIdNumber(idNumber)) return 'NOT_FOUND';
  return name.replace(/\s+/g, '') === registeredNameFor(idNumber) ? 'MATCH' : 'MISMATCH';
}

function beijingDay(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

export const publicSecuritySimulator: AgencyDefinition = {
  agency: 'public-security',
  create(context) {
    const router = Router();
    router.post('/identity/verify', (req, res) => {
      const body = objectBody(req);
      const name = requiredString(body, 'name', 64);
      const idNumber = body.idNumber;
      if (typeof idNumber !== 'string') throw new BadRequest('idNumber: must be a string');
      const problem = residentIdProblem(idNumber);
      if (problem) {
        context.logger.info({ agency: 'public-security', idMasked: maskIdNumber(idNumber) }, 'identity check refused: invalid ID number');
        throw new BadRequest(`idNumber: ${problem}`);
      }
      const checked = new Date();
      const check: IdentityCheck = {
        result: identityResultFor(name, idNumber),
        reference: `PSB-${beijingDay(checked)}-${randomBytes(6).toString('hex').toUpperCase()}`,
        checkedAt: checked.toISOString(),
      };
      context.logger.info({
        agency: 'public-security', idMasked: maskIdNumber(idNumber), nameMasked: maskName(name), result: check.result, reference: check.reference,
      }, 'identity checked');
      res.json(check);
    });
    return { router };
  },
};
