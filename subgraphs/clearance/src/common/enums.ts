import { registerEnumType } from 'type-graphql';

/** Customs supervision modes (监管方式) for CBEC; inputs carry the 4-digit `tradeMode`. */
export enum SupervisionMode {
  MODE_9610 = 'MODE_9610', MODE_9710 = 'MODE_9710', MODE_9810 = 'MODE_9810', MODE_1210 = 'MODE_1210', MODE_1239 = 'MODE_1239',
}
registerEnumType(SupervisionMode, {
  name: 'SupervisionMode',
  description: 'Customs supervision mode; inputs carry the 4-digit tradeMode (9610 → MODE_9610).',
  valuesConfig: {
    MODE_9610: { description: '9610 跨境贸易电子商务: B2C retail, inventory release and summary declaration (import and export).' },
    MODE_9710: { description: '9710 跨境电商B2B直接出口 (export only, since 2020).' },
    MODE_9810: { description: '9810 跨境电商出口海外仓 (export only, since 2020).' },
    MODE_1210: { description: '1210 保税跨境贸易电子商务: bonded e-commerce through special supervision zones or bonded sites.' },
    MODE_1239: { description: '1239 保税跨境贸易电子商务A: bonded retail import (import only, since 2016-12-01).' },
  },
});

export enum TradeDirection { IMPORT = 'IMPORT', EXPORT = 'EXPORT' }
registerEnumType(TradeDirection, { name: 'TradeDirection', description: 'Inputs carry ieFlag I (import) or E (export).' });

export enum ClearanceStatus {
  DECLARED = 'DECLARED', MATCHED = 'MATCHED', MISMATCHED = 'MISMATCHED', SUBMITTED = 'SUBMITTED', UNDER_REVIEW = 'UNDER_REVIEW',
  INSPECTION = 'INSPECTION', DETAINED = 'DETAINED', RELEASED = 'RELEASED', CLEARED = 'CLEARED', REJECTED = 'REJECTED', RETURNED = 'RETURNED',
}
registerEnumType(ClearanceStatus, { name: 'ClearanceStatus' });

export enum DocumentKind { ORDER = 'ORDER', PAYMENT = 'PAYMENT', WAYBILL = 'WAYBILL', INVENTORY = 'INVENTORY' }
registerEnumType(DocumentKind, { name: 'DocumentKind' });

export enum DocumentChangeKind { SUBMITTED = 'SUBMITTED', AMENDED = 'AMENDED' }
registerEnumType(DocumentChangeKind, { name: 'DocumentChangeKind' });

/** What a customs receipt did to its declaration. */
export enum ReceiptOutcome { APPLIED = 'APPLIED', NO_CHANGE = 'NO_CHANGE', RESEND = 'RESEND', IGNORED = 'IGNORED' }
registerEnumType(ReceiptOutcome, {
  name: 'ReceiptOutcome',
  valuesConfig: {
    APPLIED: { description: 'The receipt moved the declaration to another status.' },
    NO_CHANGE: { description: 'The receipt confirmed the current status (e.g. 1 stored, 300 after 120).' },
    RESEND: { description: 'Receipt 4 (sending failed): the declaration is handed to customs again.' },
    IGNORED: { description: 'The receipt arrived out of order or would be an illegal transition; recorded, nothing changed.' },
  },
});

const MODES_BY_CODE: Record<string, SupervisionMode> = {
  '9610': SupervisionMode.MODE_9610, '9710': SupervisionMode.MODE_9710, '9810': SupervisionMode.MODE_9810,
  '1210': SupervisionMode.MODE_1210, '1239': SupervisionMode.MODE_1239,
};

export const modeOfCode = (code: string): SupervisionMode | undefined => MODES_BY_CODE[code];
export const codeOfMode = (mode: SupervisionMode): string => mode.slice('MODE_'.length);
export const directionOfFlag = (ieFlag: string): TradeDirection => (ieFlag === 'E' ? TradeDirection.EXPORT : TradeDirection.IMPORT);
export const flagOfDirection = (direction: TradeDirection): 'I' | 'E' => (direction === TradeDirection.EXPORT ? 'E' : 'I');
