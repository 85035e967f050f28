import type { ServiceFactory } from '../server/service';
import { createStsService } from './sts';

/** Every service of the stack by name. One line per service. */
export const serviceFactories: Record<string, ServiceFactory> = {
  sts: createStsService,
};
