import { registerEnumType } from 'type-graphql';

export enum EnterpriseRole {
  ECOMMERCE_ENTERPRISE = 'ECOMMERCE_ENTERPRISE', ECOMMERCE_PLATFORM = 'ECOMMERCE_PLATFORM', LOGISTICS = 'LOGISTICS',
  PAYMENT = 'PAYMENT', CUSTOMS_BROKER = 'CUSTOMS_BROKER', WAREHOUSE = 'WAREHOUSE',
  FOREIGN_TRADE_SERVICE = 'FOREIGN_TRADE_SERVICE', MANUFACTURER = 'MANUFACTURER', BANK = 'BANK', INSURER = 'INSURER',
}
registerEnumType(EnterpriseRole, { name: 'EnterpriseRole' });

export enum FilingStatus { ACTIVE = 'ACTIVE', AMENDED = 'AMENDED', REVOKED = 'REVOKED' }
registerEnumType(FilingStatus, { name: 'FilingStatus' });

/** The agencies that all use one filing ("file once, every agency uses it"). */
export enum Agency { CUSTOMS = 'CUSTOMS', TAX = 'TAX', FOREX = 'FOREX', INSPECTION = 'INSPECTION', COMMERCE = 'COMMERCE', SAIC = 'SAIC' }
registerEnumType(Agency, { name: 'Agency' });

export enum QualificationStatus { ACTIVE = 'ACTIVE', SUSPENDED = 'SUSPENDED', REVOKED = 'REVOKED' }
registerEnumType(QualificationStatus, { name: 'QualificationStatus' });

export enum FilingChangeKind { FILED = 'FILED', AMENDED = 'AMENDED', REVOKED = 'REVOKED' }
registerEnumType(FilingChangeKind, { name: 'FilingChangeKind' });
