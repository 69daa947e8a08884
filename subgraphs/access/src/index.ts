export { startAccess, type RunningAccess } from './app';
export { readAccessConfig, type AccessConfig } from './config';
export { buildAccessSchema } from './schema';
export { apiKeyHash } from './api-key/api-key.service';
