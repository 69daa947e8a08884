import { badInput, usccProblem } from '@sw/kernel';

/** The USCC (GB 32100-2015) or BAD_USER_INPUT naming `field` and the rule. */
export function validUscc(field: string, uscc: string): string {
  const problem = usccProblem(uscc);
  if (problem) throw badInput(field, problem);
  return uscc;
}
