export { readSubscriptionsConfig, SLOW_CLIENT_CLOSE_CODE, type SubscriptionsConfig } from './config';
export { FederatedSubscriptions, withSlot, type SubscriptionSlot } from './hub';
export { SubscribingGateway } from './gateway';
