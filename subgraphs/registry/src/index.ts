export { startRegistry, type RunningRegistry } from './app';
export { readRegistryConfig, type RegistryConfig } from './config';
export { buildRegistrySchema } from './schema';
