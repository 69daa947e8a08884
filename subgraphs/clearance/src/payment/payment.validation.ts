import type { TradeDirection } from '../common/enums';
import {
  validAmount, validCurrency, validCustomsCode, validDirection, validIdentifier, validParty, type ValidParty,
} from '../common/validate';
import type { PaymentInput } from './payment.inputs';

/** A payment once it passed the edge. */
export interface ValidPayment {
  direction: TradeDirection;
  payCode: string;
  payTransactionId: string;
  orderNo: string;
  ebpCode: string;
  payer: ValidParty | null;
  amountPaid: string;
  currency: string;
  payTime: Date | null;
}

export function validPayment(input: PaymentInput): ValidPayment {
  const direction = validDirection('input.ieFlag', input.ieFlag);
  return {
    direction,
    payCode: validCustomsCode('input.payCode', input.payCode),
    payTransactionId: validIdentifier('input.payTransactionId', input.payTransactionId, 60),
    orderNo: validIdentifier('input.orderNo', input.orderNo, 60),
    ebpCode: validCustomsCode('input.ebpCode', input.ebpCode),
    payer: validParty(direction, {
      idType: 'input.payerIdType', idNumber: 'input.payerIdNumber', name: 'input.payerName', telephone: 'input.telephone',
    }, { idType: input.payerIdType, idNumber: input.payerIdNumber, name: input.payerName, telephone: input.telephone }, false),
    amountPaid: validAmount('input.amountPaid', input.amountPaid, { positive: true }),
    currency: validCurrency('input.currency', input.currency),
    payTime: input.payTime ?? null,
  };
}

export function paymentFields(payment: ValidPayment): Record<string, string> {
  return {
    ieFlag: payment.direction, payCode: payment.payCode, payTransactionId: payment.payTransactionId, orderNo: payment.orderNo,
    ebpCode: payment.ebpCode, payerIdType: payment.payer?.idType ?? '', payerIdNumber: payment.payer?.idNumber ?? '',
    payerName: payment.payer?.name ?? '', telephone: payment.payer?.telephone ?? '', amountPaid: payment.amountPaid,
    currency: payment.currency, payTime: payment.payTime?.toISOString() ?? '',
  };
}
