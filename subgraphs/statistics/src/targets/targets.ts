/**
 * The pilot zone's development targets (API.md keys). Two the system measures from its own
 * events; the others regulators enter (recordTargetProgress) until their events exist (logistics
 * warehouses, training bases). Target values are configurable (STATISTICS_TARGETS).
 */
export const TARGET_KEYS = ['CBEC_ENTERPRISES', 'PUBLIC_OVERSEAS_WAREHOUSES', 'TRAINING_BASES', 'DEMONSTRATION_PARKS', 'CBEC_TRADE_VALUE'] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];

export interface TargetDefinition {
  name: string;
  unit: string;
  /** The plan's figure, a decimal string. */
  target: string;
  measured: boolean;
  /** Counts of things are whole numbers. */
  whole: boolean;
  basis: string;
}

/** Roles that make a filed enterprise a CBEC enterprise for CBEC_ENTERPRISES (not manufacturers, banks or insurers). */
export const CBEC_ROLES = ['ECOMMERCE_ENTERPRISE', 'ECOMMERCE_PLATFORM', 'LOGISTICS', 'PAYMENT', 'CUSTOMS_BROKER', 'WAREHOUSE', 'FOREIGN_TRADE_SERVICE'] as const;

export const TARGETS: Record<TargetKey, TargetDefinition> = {
  CBEC_ENTERPRISES: {
    name: 'Supported CBEC enterprises (跨境电商企业)', unit: 'enterprises', target: '1000.00', measured: true, whole: true,
    basis: `enterprises filed with the Single Window (not revoked) with a CBEC role: ${CBEC_ROLES.join(', ')}`,
  },
  PUBLIC_OVERSEAS_WAREHOUSES: {
    name: 'Public overseas warehouses (公共海外仓)', unit: 'warehouses', target: '100.00', measured: false, whole: true,
    basis: 'entered by regulators (recordTargetProgress) until warehouse registrations reach statistics as events',
  },
  TRAINING_BASES: {
    name: 'CBEC talent training bases (人才培训基地)', unit: 'bases', target: '50.00', measured: false, whole: true,
    basis: 'entered by regulators (recordTargetProgress)',
  },
  DEMONSTRATION_PARKS: {
    name: 'CBEC demonstration parks (示范园区)', unit: 'parks', target: '100.00', measured: false, whole: true,
    basis: 'entered by regulators (recordTargetProgress)',
  },
  CBEC_TRADE_VALUE: {
    name: 'CBEC trade value this calendar year (跨境电商进出口额)', unit: 'CNY', target: '300000000000.00', measured: true, whole: false,
    basis: 'value in CNY of declarations cleared from 1 January to today (Asia/Shanghai), import and export',
  },
};

export const isTargetKey = (key: string): key is TargetKey => (TARGET_KEYS as readonly string[]).includes(key);
