import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';
import type { FederatedSubscriptions } from './hub';

/**
 * The stock gateway, except that subscription operations go to our executor instead of the
 * stock one (which refuses them). It sits inside SecuredGateway, so every subscription is
 * authorized (refused fields removed) before it gets here, exactly like a query.
 */
export class SubscribingGateway extends ApolloGateway {
  constructor(config: GatewayConfig, subscriptions: FederatedSubscriptions) {
    super(config);
    const queries = this.executor;
    this.executor = (requestContext) =>
      requestContext.operation?.operation === 'subscription' ? subscriptions.execute(requestContext) : queries(requestContext);
    this.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => subscriptions.useSupergraph(coreSupergraphSdl, apiSchema));
  }
}
