import { registerEnumType } from 'type-graphql';
import {
  RECORD_KINDS, REGULATOR_KINDS, WARNING_KINDS,
} from '../method/method';

/** A GraphQL enum object whose values are the method's own strings. */
function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const CreditGradeEnum = enumOf(['A', 'B', 'C', 'D'] as const);
registerEnumType(CreditGradeEnum, { name: 'CreditGrade', description: 'A best, D worst (subgraphs/credit/METHOD.md).' });

export const CustomsCreditClassEnum = enumOf(['ADVANCED_CERTIFIED', 'CERTIFIED', 'REGULAR', 'DISHONEST', 'SERIOUSLY_DISHONEST'] as const);
registerEnumType(CustomsCreditClassEnum, {
  name: 'CustomsCreditClass',
  // 海关总署令第282号《中华人民共和国海关注册登记和备案企业信用管理办法》, in force from 2026-04-01 (repeals Order 251).
  description: 'Customs enterprise credit level under GACC Order 282 (in force from 2026-04-01): 高级认证, 认证, 常规, 失信, 严重失信.',
  valuesConfig: {
    ADVANCED_CERTIFIED: { description: '高级认证企业 (AEO)' },
    CERTIFIED: { description: '认证企业 (AEO)' },
    REGULAR: { description: '常规企业' },
    DISHONEST: { description: '失信企业' },
    SERIOUSLY_DISHONEST: { description: '严重失信企业' },
  },
});

export const TaxRatingEnum = enumOf(['A', 'B', 'M', 'C', 'D'] as const);
// Same name, values and description as the agencies subgraph's TaxRating, so that they compose as one enum.
registerEnumType(TaxRatingEnum, {
  name: 'TaxRating',
  description: 'Tax credit rating (纳税信用级别): A ≥ 90 points, B 70–90, M new or no-income enterprises, C 40–70, D < 40 or assigned.',
});

export const RiskClassEnum = enumOf(['LOW', 'MEDIUM', 'HIGH'] as const);
registerEnumType(RiskClassEnum, { name: 'RiskClass', description: 'Risk classification (风险分类评定) from credit and risk warnings.' });

export const RiskSeverityEnum = enumOf(['MEDIUM', 'HIGH'] as const);
registerEnumType(RiskSeverityEnum, { name: 'RiskSeverity' });

export const CreditSourceEnum = enumOf(['REGULATOR', 'SAIC', 'TAX', 'CLEARANCE', 'TRACEABILITY', 'STATISTICS'] as const);
registerEnumType(CreditSourceEnum, { name: 'CreditSource', description: 'Where a credit record came from.' });

export const CreditRecordKindEnum = enumOf(RECORD_KINDS);
registerEnumType(CreditRecordKindEnum, { name: 'CreditRecordKind', description: 'What a credit record says, whichever source it came from.' });

export const CreditEventKindEnum = enumOf(REGULATOR_KINDS);
registerEnumType(CreditEventKindEnum, { name: 'CreditEventKind', description: 'What a regulator records with recordCreditEvent.' });

export const CertificationLevelEnum = enumOf(['CERTIFIED', 'ADVANCED_CERTIFIED'] as const);
registerEnumType(CertificationLevelEnum, { name: 'CertificationLevel', description: 'The AEO level a CERTIFICATION record grants.' });

export const PreEntryCheckEnum = enumOf(['DOCUMENT_REVIEW', 'GUARANTEE'] as const);
registerEnumType(PreEntryCheckEnum, {
  name: 'PreEntryCheck',
  valuesConfig: {
    DOCUMENT_REVIEW: { description: 'Declarations\' documents are reviewed before release (单证重点审核).' },
    GUARANTEE: { description: 'A guarantee is required before release (提供担保).' },
  },
});

export const RiskWarningKindEnum = enumOf(WARNING_KINDS);
registerEnumType(RiskWarningKindEnum, { name: 'RiskWarningKind', description: 'Why a risk warning was raised (METHOD.md, Risk class and warnings).' });
