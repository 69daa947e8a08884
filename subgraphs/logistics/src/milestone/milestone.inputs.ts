import { Field, InputType } from 'type-graphql';
import { ParcelMilestoneKind } from '../common/enums';

@InputType({ description: 'Where a milestone happened.' })
export class ParcelLocationInput {
  @Field({ description: 'City (or airport, port) name, as the carrier writes it.' }) city: string;
  @Field({ description: 'ISO 3166-1 alpha-2, e.g. CN, US, DE.' }) country: string;
}

@InputType({
  description: 'A parcel milestone. Idempotency key: (logisticsCode, logisticsNo, kind, occurredAt): the same report again returns the milestone already recorded.',
})
export class ParcelMilestoneInput {
  @Field({ description: 'Customs code of the logistics firm, as on the waybill (logisticsCode).' }) logisticsCode: string;
  @Field({ description: 'The waybill number (logisticsNo).' }) logisticsNo: string;
  @Field(() => ParcelMilestoneKind) kind: ParcelMilestoneKind;
  @Field({ description: `When it happened; not in the future (beyond a few minutes' clock difference).` }) occurredAt: Date;
  @Field(() => ParcelLocationInput, { nullable: true, description: 'Required, except for an EXCEPTION whose place is unknown.' })
  location?: ParcelLocationInput | null;
  @Field(() => String, { nullable: true, description: 'Free text for the parties, at most 500 characters; never published on the bus.' })
  note?: string | null;
}
