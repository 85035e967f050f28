import type {
  HealthCheckConfiguration,
  InstanceConfiguration,
  NetworkConfiguration,
  ServiceObservabilityConfiguration,
  SourceConfiguration,
  Tag,
} from '@aws-sdk/client-apprunner';
import { AwsError } from '../../server/aws-error';

/** App Runner answers every input problem with InvalidRequestException (HTTP 400). */
export function invalid(message: string): AwsError {
  return new AwsError('InvalidRequestException', message, 400);
}

const CPU_UNITS: Record<string, number> = {
  '256': 256,
  '512': 512,
  '1024': 1024,
  '2048': 2048,
  '4096': 4096,
  '0.25 vCPU': 256,
  '0.5 vCPU': 512,
  '1 vCPU': 1024,
  '2 vCPU': 2048,
  '4 vCPU': 4096,
};
const MEMORY_MB: Record<string, number> = {
  '512': 512,
  '1024': 1024,
  '2048': 2048,
  '3072': 3072,
  '4096': 4096,
  '6144': 6144,
  '8192': 8192,
  '10240': 10240,
  '12288': 12288,
  '0.5 GB': 512,
  '1 GB': 1024,
  '2 GB': 2048,
  '3 GB': 3072,
  '4 GB': 4096,
  '6 GB': 6144,
  '8 GB': 8192,
  '10 GB': 10240,
  '12 GB': 12288,
};
/** The CPU / memory combinations App Runner accepts (CPU units -> memory MB). */
export const VALID_PAIRS: Record<number, number[]> = {
  256: [512, 1024],
  512: [1024],
  1024: [2048, 3072, 4096],
  2048: [4096, 6144],
  4096: [8192, 10240, 12288],
};

/**
 * Checks and normalises an instance configuration the way App Runner stores it: CPU in units
 * ("1024") and memory in MB ("2048"), whichever form was sent ("1 vCPU", "2 GB").
 */
export function normaliseInstance(
  requested: InstanceConfiguration | undefined,
  current: InstanceConfiguration | undefined,
): InstanceConfiguration {
  const cpuText = requested?.Cpu ?? current?.Cpu ?? '1024';
  const memoryText = requested?.Memory ?? current?.Memory ?? '2048';
  const cpu = CPU_UNITS[cpuText];
  const memory = MEMORY_MB[memoryText];
  if (cpu === undefined) {
    throw invalid(
      `1 validation error detected: Value '${cpuText}' at 'instanceConfiguration.cpu' failed to satisfy constraint: Member must satisfy regular expression pattern: 256|512|1024|2048|4096|(0.25|0.5|1|2|4) vCPU`,
    );
  }
  if (memory === undefined) {
    throw invalid(
      `1 validation error detected: Value '${memoryText}' at 'instanceConfiguration.memory' failed to satisfy constraint: Member must satisfy regular expression pattern: 512|1024|2048|3072|4096|6144|8192|10240|12288|(0.5|1|2|3|4|6|8|10|12) GB`,
    );
  }
  if (!(VALID_PAIRS[cpu] ?? []).includes(memory)) {
    throw invalid(
      `Invalid Cpu and Memory combination: ${cpuText} CPU and ${memoryText} memory is not supported`,
    );
  }
  const instanceRole =
    requested !== undefined && 'InstanceRoleArn' in requested
      ? requested.InstanceRoleArn
      : current?.InstanceRoleArn;
  return {
    Cpu: String(cpu),
    Memory: String(memory),
    ...(instanceRole === undefined || instanceRole === '' ? {} : { InstanceRoleArn: instanceRole }),
  };
}

const HEALTH_DEFAULTS: Required<HealthCheckConfiguration> = {
  Protocol: 'TCP',
  Path: '/',
  Interval: 5,
  Timeout: 2,
  HealthyThreshold: 1,
  UnhealthyThreshold: 5,
};

export function normaliseHealthCheck(
  requested: HealthCheckConfiguration | undefined,
  current: HealthCheckConfiguration | undefined,
): Required<HealthCheckConfiguration> {
  const merged = {
    ...HEALTH_DEFAULTS,
    ...definedOnly(current ?? {}),
    ...definedOnly(requested ?? {}),
  } as Required<HealthCheckConfiguration>;
  if (merged.Protocol !== 'TCP' && merged.Protocol !== 'HTTP') {
    throw invalid(`Health check protocol must be TCP or HTTP, got ${String(merged.Protocol)}`);
  }
  const ranges: [keyof HealthCheckConfiguration, number, number][] = [
    ['Interval', 1, 20],
    ['Timeout', 1, 20],
    ['HealthyThreshold', 1, 20],
    ['UnhealthyThreshold', 1, 20],
  ];
  for (const [field, min, max] of ranges) {
    const value = merged[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalid(`Health check ${field} must be an integer from ${min} to ${max}`);
    }
  }
  if (typeof merged.Path !== 'string' || !merged.Path.startsWith('/'))
    throw invalid('Health check Path must start with /');
  return merged;
}

const IMAGE_IDENTIFIER =
  /^(([0-9]{12}\.dkr\.ecr\.[a-z-]+-[0-9]{1}\.amazonaws\.com(\.cn)?)\/.*)|(^public\.ecr\.aws\/.+\/.+)|([^/\s]+\/.+)$/;

/** An image source as App Runner checks it: identifier, repository type, ECR access role. */
export function checkSource(source: SourceConfiguration | undefined): SourceConfiguration {
  if (source?.CodeRepository !== undefined) {
    throw invalid('The local stack runs image-based services only (ImageRepository)');
  }
  const image = source?.ImageRepository;
  if (image?.ImageIdentifier === undefined || image.ImageIdentifier === '') {
    throw invalid('SourceConfiguration.ImageRepository.ImageIdentifier is required');
  }
  if (!IMAGE_IDENTIFIER.test(image.ImageIdentifier)) {
    throw invalid(`Invalid ImageIdentifier: ${image.ImageIdentifier}`);
  }
  if (image.ImageRepositoryType !== 'ECR' && image.ImageRepositoryType !== 'ECR_PUBLIC') {
    throw invalid('ImageRepositoryType must be ECR or ECR_PUBLIC');
  }
  if (
    image.ImageRepositoryType === 'ECR' &&
    (source?.AuthenticationConfiguration?.AccessRoleArn ?? '') === ''
  ) {
    throw invalid(
      'Authentication configuration is invalid: an AccessRoleArn is required to pull from a private ECR repository',
    );
  }
  const port = image.ImageConfiguration?.Port;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) throw invalid(`Invalid port: ${port}`);
  for (const [name, arn] of Object.entries(
    image.ImageConfiguration?.RuntimeEnvironmentSecrets ?? {},
  )) {
    if (!/^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:.+/.test(arn)) {
      throw invalid(
        `RuntimeEnvironmentSecrets ${name}: ${arn} is not a Secrets Manager or SSM ARN`,
      );
    }
  }
  return {
    ...source,
    ImageRepository: {
      ...image,
      ImageConfiguration: { Port: '8080', ...definedOnly(image.ImageConfiguration ?? {}) },
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}

/** The network configuration after a create or update: egress (VPC needs a connector), ingress. */
export function normaliseNetwork(
  requested: NetworkConfiguration | undefined,
  current: NetworkConfiguration | undefined,
): NetworkConfiguration {
  const egress = {
    EgressType: 'DEFAULT' as const,
    ...current?.EgressConfiguration,
    ...requested?.EgressConfiguration,
  };
  if (egress.EgressType === 'VPC' && (egress.VpcConnectorArn ?? '') === '') {
    throw invalid('EgressConfiguration with EgressType VPC needs a VpcConnectorArn');
  }
  if (egress.EgressType === 'DEFAULT') delete egress.VpcConnectorArn;
  return {
    EgressConfiguration: egress,
    IngressConfiguration: {
      IsPubliclyAccessible: true,
      ...current?.IngressConfiguration,
      ...requested?.IngressConfiguration,
    },
    IpAddressType: requested?.IpAddressType ?? current?.IpAddressType ?? 'IPV4',
  };
}

/** The observability configuration: enabled needs an observability configuration ARN. */
export function normaliseObservability(
  requested: ServiceObservabilityConfiguration | undefined,
  current: ServiceObservabilityConfiguration | undefined,
): ServiceObservabilityConfiguration {
  const value = requested ?? current ?? { ObservabilityEnabled: false };
  if (value.ObservabilityEnabled === true && (value.ObservabilityConfigurationArn ?? '') === '') {
    throw invalid('ObservabilityConfigurationArn is required when ObservabilityEnabled is true');
  }
  return value;
}

/** Tags as given: keys non-empty and not under aws:. */
export function checkTags(input: unknown): Tag[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw invalid('Tags must be a list');
  return (input as Tag[]).map((t) => {
    if (typeof t.Key !== 'string' || t.Key === '' || t.Key.startsWith('aws:')) {
      throw invalid(`Invalid tag key: ${String(t.Key)}`);
    }
    return { Key: t.Key, Value: t.Value ?? '' };
  });
}
