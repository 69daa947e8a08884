import { connectionTypes } from '@sw/kernel';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum QualityRiskSource { INSPECTION = 'INSPECTION', COMPLAINT = 'COMPLAINT', RECALL_NOTICE = 'RECALL_NOTICE', PUBLIC_OPINION = 'PUBLIC_OPINION' }
registerEnumType(QualityRiskSource, {
  name: 'QualityRiskSource',
  description: 'Where a quality risk (质量风险) came from.',
  valuesConfig: {
    INSPECTION: { description: 'An inspection or sampling result (检验检测).' },
    COMPLAINT: { description: 'A consumer complaint (消费者投诉).' },
    RECALL_NOTICE: { description: 'A recall notice, at home or abroad (召回通报).' },
    PUBLIC_OPINION: { description: 'Public opinion monitoring (舆情).' },
  },
});

export enum QualityRiskSeverity { LOW = 'LOW', MEDIUM = 'MEDIUM', HIGH = 'HIGH', CRITICAL = 'CRITICAL' }
registerEnumType(QualityRiskSeverity, { name: 'QualityRiskSeverity', description: 'How serious a quality risk is; CRITICAL endangers health or safety.' });

export enum QualityRiskStatus { OPEN = 'OPEN', RECALLED = 'RECALLED' }
registerEnumType(QualityRiskStatus, { name: 'QualityRiskStatus' });

@ObjectType({ description: 'A code a quality risk or recall reaches through the trace graph.' })
export class AffectedCode {
  @Field() code: string;
  @Field(() => String, { nullable: true, description: 'Set when the code travelled as a parcel: the waybill no. an event named it with.' }) waybillNo: string | null;
}

export const AffectedCodeConnection = connectionTypes('AffectedCode', AffectedCode);

@ObjectType({ description: 'The goods a quality risk (when reported) or a recall (when issued) reaches: everything made from, packed with or carrying the goods named.' })
export class AffectedGoods {
  @Field(() => Int) codeCount: number;
  @Field(() => Int) parcelCount: number;
  /** The risk's or the recall's id. */
  subjectId: string;
}

@ObjectType({ description: 'A product-quality risk reported against products, batches or codes.' })
export class QualityRisk {
  @Field(() => ID) id: string;
  @Field(() => QualityRiskSource) source: QualityRiskSource;
  @Field(() => QualityRiskSeverity) severity: QualityRiskSeverity;
  @Field() title: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true, description: 'The inspection report, complaint or notice number, or a URL.' }) reference: string | null;
  @Field(() => [String], { description: 'Batch (lot) codes named, e.g. urn:epc:class:lgtin:….' }) batches: string[];
  @Field(() => [String], { description: 'Other codes named (items, cases, parcels).' }) codes: string[];
  @Field(() => QualityRiskStatus) status: QualityRiskStatus;
  @Field() reportedBy: string;
  @Field() reportedAt: Date;
}

@ObjectType({ description: 'A recall issued on a quality risk.' })
export class Recall {
  @Field(() => ID) id: string;
  @Field() reason: string;
  @Field(() => String, { nullable: true, description: 'What holders of the goods are to do.' }) instructions: string | null;
  @Field() issuedBy: string;
  @Field() issuedAt: Date;
}

export const QualityRiskConnection = connectionTypes('QualityRisk', QualityRisk);

@InputType({ description: 'A quality risk: name the products, batches or codes concerned (at least one).' })
export class QualityRiskInput {
  @Field(() => QualityRiskSource) source: QualityRiskSource;
  @Field(() => QualityRiskSeverity) severity: QualityRiskSeverity;
  @Field() title: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) reference?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Filed products concerned; without batches or codes, every code of their GTINs is affected.' }) productIds?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Batches (LGTIN or Digital Link with lot): what was made from them, and what carried it, is affected.' }) batches?: string[] | null;
  @Field(() => [String], { nullable: true }) codes?: string[] | null;
}

@InputType()
export class RecallInput {
  @Field(() => ID) riskId: string;
  @Field() reason: string;
  @Field(() => String, { nullable: true }) instructions?: string | null;
}

@InputType()
export class QualityRiskFilter {
  @Field(() => [QualityRiskSource], { nullable: true }) sources?: QualityRiskSource[] | null;
  @Field(() => [QualityRiskStatus], { nullable: true }) statuses?: QualityRiskStatus[] | null;
  @Field(() => ID, { nullable: true, description: 'Risks that answer to this enterprise (USCC).' }) enterprise?: string | null;
  @Field(() => ID, { nullable: true, description: 'Risks naming this product.' }) product?: string | null;
}
