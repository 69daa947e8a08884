import { buildSubgraph, type BuiltSubgraph } from '@sw/kernel';
import { BuyerResolver } from './declaration/buyer.resolver';
import { declarationReference } from './declaration/declaration.reference';
import { DeclarationResolver } from './declaration/declaration.resolver';
import { enterpriseReference } from './enterprise/enterprise.reference';
import { EnterpriseResolver } from './enterprise/enterprise.resolver';
import { OrderResolver } from './order/order.resolver';
import { PaymentResolver } from './payment/payment.resolver';
import { waybillReference } from './waybill/waybill.reference';
import { WaybillResolver } from './waybill/waybill.resolver';

/** The clearance subgraph schema: the only place that lists its resolvers. */
export function buildClearanceSchema(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    resolvers: [DeclarationResolver, OrderResolver, PaymentResolver, WaybillResolver, BuyerResolver, EnterpriseResolver],
    referenceResolvers: { Declaration: declarationReference, Waybill: waybillReference, Enterprise: enterpriseReference },
  });
}
