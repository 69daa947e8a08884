import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import type { AgenciesContext } from '../context';
import { IdentityCheck } from './identity.type';

@Resolver(() => IdentityCheck)
export class IdentityResolver {
  @Mutation(() => IdentityCheck, {
    description: 'Checks a name against a resident ID number with the public security service (idcheck:use). The number is validated first (GB 11643-1999); every check is audit-logged with the number masked.',
  })
  @Directive('@requiresScopes(scopes: [["idcheck:use"]])')
  verifyIdentity(
    @Arg('name', () => String, { description: 'The name as on the ID card.' }) name: string,
    @Arg('idNumber', () => String, { description: '18-character resident ID number.' }) idNumber: string,
    @Ctx() context: AgenciesContext,
  ) {
    return context.services.identity.verify(name, idNumber, context);
  }
}
