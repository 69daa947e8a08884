import pino, { type Logger } from 'pino';

/** Keys that may carry personal data anywhere in a logged object; pino replaces their values. */
export const PII_KEYS = [
  'idNumber', 'buyerIdNumber', 'payerIdNumber', 'name', 'buyerName', 'payerName', 'legalRepresentative',
  'phone', 'telephone', 'buyerTelephone', 'consigneeTelephone', 'contactPhone', 'consignee', 'consigneeAddress',
  'authorization', 'password', 'key',
];

const redactPaths = PII_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

/** The process logger: JSON lines, personal data redacted by key at any depth up to four. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino({ base: { service, pid: process.pid }, level, redact: { paths: redactPaths, censor: '[redacted]' } }, destination);
}

export type { Logger };
