export { readGatewayConfig, type GatewayConfig } from './config';
export { startGateway, type RunningGateway } from './server';
export { loadSupergraph } from './supergraph';
export { SLOW_CLIENT_CLOSE_CODE, type SubscriptionsConfig } from './subscriptions';
