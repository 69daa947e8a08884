import { connectionTypes } from '@sw/kernel';
import { Field, ID, ObjectType } from 'type-graphql';
import { RiskSeverityEnum, RiskWarningKindEnum } from '../common/enums';
import { Enterprise } from '../enterprise/enterprise.type';
import type { RiskSeverity, WarningKind } from '../method/method';

@ObjectType({ description: 'An open risk warning with the evidence that raised it (regulators only).' })
export class RiskWarning {
  @Field(() => ID) id: string;
  @Field(() => ID) uscc: string;
  @Field(() => Enterprise) enterprise: Enterprise;
  @Field(() => RiskWarningKindEnum) kind: WarningKind;
  @Field(() => RiskSeverityEnum, { description: 'HIGH makes the risk class HIGH; MEDIUM at least MEDIUM.' }) severity: RiskSeverity;
  @Field() evidence: string;
  @Field() raisedAt: Date;
}

export const RiskWarningConnection = connectionTypes('RiskWarning', RiskWarning);
