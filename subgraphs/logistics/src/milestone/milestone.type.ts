import { Field, ID, ObjectType } from 'type-graphql';
import { ParcelMilestoneKind } from '../common/enums';

@ObjectType({ description: 'Where a milestone happened.' })
export class ParcelLocation {
  @Field() city: string;
  @Field({ description: 'ISO 3166-1 alpha-2.' }) country: string;
}

@ObjectType({
  description: 'Something that happened to a parcel, as its logistics firm reported it. Readable by the logistics firm, '
    + 'the e-commerce enterprise and platform of the declaration that clears the waybill, and regulators.',
})
export class ParcelMilestone {
  @Field(() => ID) id: string;
  @Field({ description: 'Its position on the bus: pass it as parcelTracked(after:) to receive only the milestones reported after it.' })
  cursor: string;
  @Field({ description: 'Customs code of the logistics firm (logisticsCode).' }) logisticsCode: string;
  @Field({ description: 'The waybill number (logisticsNo).' }) logisticsNo: string;
  @Field(() => ParcelMilestoneKind) kind: ParcelMilestoneKind;
  @Field({ description: 'When it happened.' }) occurredAt: Date;
  @Field(() => ParcelLocation, { nullable: true, description: 'Null only for an EXCEPTION reported without a place.' })
  location: ParcelLocation | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field({ description: 'When the Single Window received the report.' }) reportedAt: Date;
}
