import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Region } from '../region/region';

@ObjectType({ description: 'An individual; personal data is masked unless reveal: true is asked by a caller holding pii:read.' })
@Directive('@key(fields: "id")')
export class Person {
  @Field(() => ID, { description: 'Keyed hash of the ID number: every subgraph derives the same id without storing the number.' })
  id: string;
  @Field(() => Region) region: Region;
  @Field() filedAt: Date;
}

@InputType()
export class FileIndividualInput {
  @Field() name: string;
  @Field({ description: '18-character resident ID number (GB 11643-1999).' }) idNumber: string;
  @Field(() => Region) region: Region;
  @Field(() => String, { nullable: true }) phone?: string | null;
}
