import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import type { PersonEntity } from './person.entity';
import type { PersonalField } from './person.service';
import { FileIndividualInput, Person } from './person.type';

const revealArg = { nullable: true, defaultValue: false, description: 'Show the value whole (needs pii:read; audit-logged).' };

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true })
  @Directive('@authenticated')
  person(@Arg('id', () => ID) id: string, @Ctx() context: RegistryContext) {
    return context.loaders.get(context.services.persons.byId).load(id);
  }

  @Mutation(() => Person, { description: 'Files an individual e-merchant.' })
  @Directive('@authenticated')
  fileIndividual(@Arg('input', () => FileIndividualInput) input: FileIndividualInput, @Ctx() context: RegistryContext) {
    return context.services.persons.file(input, context);
  }

  @FieldResolver(() => String)
  name(@Root() person: PersonEntity, @Ctx() context: RegistryContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return this.field(person, 'name', reveal, context);
  }

  @FieldResolver(() => String)
  idNumber(@Root() person: PersonEntity, @Ctx() context: RegistryContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return this.field(person, 'idNumber', reveal, context);
  }

  @FieldResolver(() => String, { nullable: true })
  phone(@Root() person: PersonEntity, @Ctx() context: RegistryContext, @Arg('reveal', () => Boolean, revealArg) reveal: boolean | null) {
    return this.field(person, 'phone', reveal, context);
  }

  private field(person: PersonEntity, field: PersonalField, reveal: boolean | null, context: RegistryContext) {
    return context.services.persons.personalField(person, field, reveal === true, context);
  }
}
