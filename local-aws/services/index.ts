import type { ServiceFactory } from '../server/service';
import { createAppRunnerService } from './apprunner';
import { createEcrService } from './ecr';
import { createEcrPublicService } from './ecr-public';
import { createCloudFrontService } from './cloudfront';
import { createS3Service } from './s3';
import { createStsService } from './sts';
import { createSecretsManagerService } from './secretsmanager';
import { createSsmService } from './ssm';
import { createEcsService } from './ecs';
import { createLogsService } from './logs';
import { createCloudFormationService } from './cloudformation';

/** Every service of the stack by name. One line per service. */
export const serviceFactories: Record<string, ServiceFactory> = {
  sts: createStsService,
  apprunner: createAppRunnerService,
  ecr: createEcrService,
  'ecr-public': createEcrPublicService,
  s3: createS3Service,
  cloudfront: createCloudFrontService,
  secretsmanager: createSecretsManagerService,
  ssm: createSsmService,
  ecs: createEcsService,
  logs: createLogsService,
  cloudformation: createCloudFormationService,
};
