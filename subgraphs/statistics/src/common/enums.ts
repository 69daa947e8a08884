import { registerEnumType } from 'type-graphql';
import { GRANULARITIES } from './periods';

/** A GraphQL enum object whose values are the strings the services use. */
function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const GranularityEnum = enumOf(GRANULARITIES);
registerEnumType(GranularityEnum, {
  name: 'Granularity',
  description: 'Calendar periods in Asia/Shanghai, labelled 2026-11-25, 2026-W48 (ISO 8601 week, Monday first), 2026-11, 2026-Q4, 2026.',
});

export const STAT_DIMENSIONS = ['DIRECTION', 'MODE', 'REGION', 'COUNTRY', 'HS_CHAPTER', 'ENTERPRISE_ROLE'] as const;
export type StatDimension = (typeof STAT_DIMENSIONS)[number];

export const StatDimensionEnum = enumOf(STAT_DIMENSIONS);
registerEnumType(StatDimensionEnum, {
  name: 'StatDimension',
  description: 'What trade statistics can be broken down by (subgraphs/statistics/README.md).',
  valuesConfig: {
    DIRECTION: { description: 'IMPORT or EXPORT.' },
    MODE: { description: 'Customs supervision mode: MODE_9610, MODE_9710, MODE_9810, MODE_1210, MODE_1239.' },
    REGION: { description: 'The region the declaring enterprise is filed in (ZHENGZHOU …), UNKNOWN before its filing reached statistics.' },
    COUNTRY: { description: 'Partner country, ISO 3166-1 alpha-2.' },
    HS_CHAPTER: { description: 'HS chapter (two digits) of the declaration\'s lines; a declaration counts once in each chapter it has lines in, with those lines\' value.' },
    ENTERPRISE_ROLE: { description: 'A role the declaring enterprise is filed with; an enterprise with several roles counts under each, so these rows overlap.' },
  },
});
