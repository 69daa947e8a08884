import { badInput } from '@sw/kernel';
import { validUscc } from '../enterprise/enterprise.validation';
import { toMoney } from '../resilience/wire';
import type { RebateRequest } from './tax.client';
import type { SubmitExportRebateInput } from './tax.type';

export interface ValidRebate extends RebateRequest {
  uscc: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const DECLARATION_ID = /^[A-Za-z0-9-]{1,64}$/;
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** An export-rebate declaration once it passed the edge; `now` decides which periods are over. */
export function validRebate(input: SubmitExportRebateInput, now = new Date()): ValidRebate {
  const uscc = validUscc('input.uscc', input.uscc);
  const period = PERIOD.exec(input.period.trim());
  if (!period) throw badInput('input.period', `must be a month YYYY-MM, got "${input.period}"`);
  // A rebate is declared for a month that has ended (Asia/Shanghai, UTC+8).
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  const current = `${shanghai.getUTCFullYear()}-${String(shanghai.getUTCMonth() + 1).padStart(2, '0')}`;
  if (period[0] >= current) throw badInput('input.period', `must be a month that has ended (before ${current}), got ${period[0]}`);
  const amount = toMoney(input.amount);
  if (amount === undefined) throw badInput('input.amount', `must be a decimal string with at most 2 places, e.g. "12500.00", got "${input.amount}"`);
  if (amount.startsWith('-') || /^0+\.00$/.test(amount)) throw badInput('input.amount', `must be more than 0, got ${amount}`);
  if (amount.length > 16) throw badInput('input.amount', `must be below 10000000000000.00, got ${amount}`);
  const currency = (input.currency ?? 'CNY').trim();
  // Export rebates are declared and paid in CNY (the tax bureau refuses any other currency).
  if (currency !== 'CNY') throw badInput('input.currency', `must be CNY (export rebates are declared and paid in CNY), got "${currency}"`);
  const ids = input.exportDeclarationIds.map((id) => id.trim());
  if (ids.length === 0 || ids.length > 100) throw badInput('input.exportDeclarationIds', `must list 1 to 100 export declarations, got ${ids.length}`);
  ids.forEach((id, index) => {
    if (!DECLARATION_ID.test(id)) throw badInput(`input.exportDeclarationIds[${index}]`, 'must be 1 to 64 characters of A-Z a-z 0-9 and -');
    if (ids.indexOf(id) !== index) throw badInput(`input.exportDeclarationIds[${index}]`, `${id} is listed twice`);
  });
  if (!REQUEST_ID.test(input.requestId)) throw badInput('input.requestId', 'must be 8 to 64 characters of A-Z a-z 0-9 . _ - (a UUID will do)');
  return { uscc, period: period[0], amount, currency, exportDeclarationIds: ids, requestId: input.requestId };
}
