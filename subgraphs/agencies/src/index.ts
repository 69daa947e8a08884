export { startAgencies, type RunningAgencies } from './app';
export { readAgenciesConfig, type AgenciesConfig } from './config';
export { buildAgenciesSchema } from './schema';
export { AGENCIES, type Agency } from './resilience/agency';
export type { CustomsDeclaration, CustomsGateway, CustomsReceiptData } from './customs/customs.client';
export type { CustomsService } from './customs/customs.service';
export { startSimulator, DEFAULT_PORTS as SIMULATOR_PORTS, type RunningSimulator } from './simulators';
