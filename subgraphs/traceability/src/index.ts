export { startTraceability, type RunningTraceability } from './app';
export { readTraceabilityConfig, type TraceabilityConfig } from './config';
export { buildTraceabilitySchema } from './schema';
