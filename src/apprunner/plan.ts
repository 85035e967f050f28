import type {
  HealthCheckConfiguration,
  InstanceConfiguration,
  NetworkConfiguration,
  Service,
  ServiceObservabilityConfiguration,
  SourceConfiguration,
} from '@aws-sdk/client-apprunner';
import { ConfigurationError } from '../core/errors';
import { looksSensitiveName } from '../core/mask';
import {
  checkSizePair,
  formatCpu,
  formatMemory,
  reportedCpu,
  reportedMemory,
} from './instance-size';
import type { AutoScalingSpec, Change, ServiceSpec } from './spec';

/** The auto scaling values App Runner applies when a service has no configuration of its own. */
export const DEFAULT_AUTO_SCALING: Required<AutoScalingSpec> = {
  MinSize: 1,
  MaxSize: 25,
  MaxConcurrency: 100,
};

/** App Runner's health check defaults (HealthCheckConfiguration documentation). */
const DEFAULT_HEALTH: Required<HealthCheckConfiguration> = {
  Protocol: 'TCP',
  Path: '/',
  Interval: 5,
  Timeout: 2,
  HealthyThreshold: 1,
  UnhealthyThreshold: 5,
};

/**
 * What an UpdateService (or CreateService) must carry to reach the spec: only the structures the
 * user touched, each merged with the service's current values so nothing else is reset.
 */
export interface Plan {
  /** Configuration differences, in a stable order. Empty: nothing to update. */
  changes: Change[];
  /** Tags to add or change (never removed: other tools may own them). */
  tagChanges: Change[];
  sourceConfiguration: SourceConfiguration;
  sourceChanged: boolean;
  instanceConfiguration?: InstanceConfiguration;
  healthCheckConfiguration?: HealthCheckConfiguration;
  networkConfiguration?: NetworkConfiguration;
  observabilityConfiguration?: ServiceObservabilityConfiguration;
  /** Full auto scaling values wanted, when they differ from the service's. */
  autoScaling?: Required<AutoScalingSpec>;
}

/** Names whose values are redacted in diffs (and masked when read). */
export function looksSensitive(name: string): boolean {
  return looksSensitiveName(name);
}

const show = (value: string | number | boolean | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : String(value);

/** Compares the running service (undefined when it does not exist yet) with the spec. */
export function planService(
  current: Service | undefined,
  currentScaling: Required<AutoScalingSpec> | undefined,
  spec: ServiceSpec,
  currentTags: Record<string, string> = {},
): Plan {
  const changes: Change[] = [];
  const add = (setting: string, before: unknown, after: unknown): boolean => {
    const b = show(before as string | undefined);
    const a = show(after as string | undefined);
    if (b === a) return false;
    changes.push({ setting, before: b, after: a });
    return true;
  };

  const source = planSource(current?.SourceConfiguration, spec, add);
  const plan: Plan = {
    changes,
    tagChanges: [],
    sourceConfiguration: source.value,
    sourceChanged: source.changed,
  };

  const instance = current?.InstanceConfiguration;
  const cpu = spec.cpu ?? reportedCpu(instance?.Cpu);
  const memory = spec.memory ?? reportedMemory(instance?.Memory);
  if (spec.cpu !== undefined || spec.memory !== undefined) {
    const origin =
      spec.cpu !== undefined && spec.memory !== undefined
        ? ''
        : spec.cpu === undefined
          ? '(cpu kept from the service)'
          : '(memory kept from the service)';
    checkSizePair(cpu, memory, origin);
  }
  const role = spec.instanceRoleArn ?? instance?.InstanceRoleArn;
  const instanceChanged = [
    add('cpu', formatCpu(reportedCpu(instance?.Cpu)), formatCpu(cpu)),
    add('memory', formatMemory(reportedMemory(instance?.Memory)), formatMemory(memory)),
    add('instance role', instance?.InstanceRoleArn, role),
  ].some(Boolean);
  if (instanceChanged) {
    plan.instanceConfiguration = {
      Cpu: String(cpu),
      Memory: String(memory),
      ...(role === undefined ? {} : { InstanceRoleArn: role }),
    };
  }

  const health = { ...DEFAULT_HEALTH, ...definedOnly(current?.HealthCheckConfiguration ?? {}) };
  const wanted = { ...health, ...definedOnly(spec.healthCheck) };
  const healthChanged = (Object.keys(DEFAULT_HEALTH) as (keyof HealthCheckConfiguration)[])
    .map((field) => add(`health check ${field}`, health[field], wanted[field]))
    .some(Boolean);
  if (healthChanged) plan.healthCheckConfiguration = wanted;

  const network = planNetwork(current?.NetworkConfiguration, spec, add);
  if (network !== undefined) plan.networkConfiguration = network;
  const observability = planObservability(current?.ObservabilityConfiguration, spec, add);
  if (observability !== undefined) plan.observabilityConfiguration = observability;

  if (Object.values(spec.autoScaling).some((v) => v !== undefined)) {
    const before = currentScaling ?? DEFAULT_AUTO_SCALING;
    const after = { ...before, ...definedOnly(spec.autoScaling) };
    if (after.MinSize > after.MaxSize) {
      throw new ConfigurationError(
        `min-instances (${after.MinSize}) is above max-instances (${after.MaxSize})`,
        'min-instances',
      );
    }
    const scalingChanged = [
      add('min instances', before.MinSize, after.MinSize),
      add('max instances', before.MaxSize, after.MaxSize),
      add('max concurrency', before.MaxConcurrency, after.MaxConcurrency),
    ].some(Boolean);
    if (scalingChanged) plan.autoScaling = after;
  }

  for (const [key, value] of Object.entries(spec.tags)) {
    if (currentTags[key] !== value) {
      plan.tagChanges.push({ setting: `tag ${key}`, before: currentTags[key], after: value });
    }
  }
  return plan;
}

type Add = (setting: string, before: unknown, after: unknown) => boolean;

function planSource(
  current: SourceConfiguration | undefined,
  spec: ServiceSpec,
  add: Add,
): { value: SourceConfiguration; changed: boolean } {
  const repo = current?.ImageRepository;
  const config = repo?.ImageConfiguration ?? {};
  const port = spec.port ?? config.Port;
  const startCommand = spec.startCommand ?? config.StartCommand;
  const env = spec.environment ?? config.RuntimeEnvironmentVariables ?? {};
  const secrets = spec.secrets ?? config.RuntimeEnvironmentSecrets ?? {};
  const role = spec.accessRoleArn ?? current?.AuthenticationConfiguration?.AccessRoleArn;

  const changed = [
    add('image', repo?.ImageIdentifier, spec.image),
    add('image repository type', repo?.ImageRepositoryType, spec.repositoryType),
    add('ECR access role', current?.AuthenticationConfiguration?.AccessRoleArn, role),
    // App Runner's default port is 8080: an unset port and 8080 are the same.
    add('port', config.Port ?? (repo === undefined ? undefined : '8080'), port ?? (repo === undefined ? undefined : '8080')), // prettier-ignore
    add('start command', config.StartCommand, startCommand),
    ...keyedChanges('env', config.RuntimeEnvironmentVariables ?? {}, env, add, looksSensitive),
    ...keyedChanges('secret', config.RuntimeEnvironmentSecrets ?? {}, secrets, add, () => false),
  ].some(Boolean);

  const imageConfiguration = {
    ...(port === undefined ? {} : { Port: port }),
    ...(startCommand === undefined ? {} : { StartCommand: startCommand }),
    ...(Object.keys(env).length === 0 ? {} : { RuntimeEnvironmentVariables: env }),
    ...(Object.keys(secrets).length === 0 ? {} : { RuntimeEnvironmentSecrets: secrets }),
  };
  const value: SourceConfiguration = {
    ImageRepository: {
      ImageIdentifier: spec.image,
      ImageRepositoryType: spec.repositoryType,
      ImageConfiguration: imageConfiguration,
    },
    ...(current?.AutoDeploymentsEnabled === undefined
      ? {}
      : { AutoDeploymentsEnabled: current.AutoDeploymentsEnabled }),
    ...(role === undefined ? {} : { AuthenticationConfiguration: { AccessRoleArn: role } }),
  };
  return { value, changed };
}

function keyedChanges(
  kind: string,
  before: Record<string, string>,
  after: Record<string, string>,
  add: Add,
  redact: (name: string) => boolean,
): boolean[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.map((key) => {
    const b = before[key];
    const a = after[key];
    if (redact(key) && b !== undefined && a !== undefined) {
      return add(`${kind} ${key}`, b === a ? '***' : '*** (old)', '***');
    }
    return add(
      `${kind} ${key}`,
      b === undefined ? undefined : redact(key) ? '***' : b,
      a === undefined ? undefined : redact(key) ? '***' : a,
    );
  });
}

function planNetwork(
  current: NetworkConfiguration | undefined,
  spec: ServiceSpec,
  add: Add,
): NetworkConfiguration | undefined {
  if (spec.egress === undefined) return undefined;
  const egress = current?.EgressConfiguration;
  const type = spec.egress.type;
  const connector =
    type === 'DEFAULT'
      ? undefined
      : (spec.egress.vpcConnectorArn ??
        (egress?.EgressType === 'VPC' ? egress.VpcConnectorArn : undefined));
  if (type === 'VPC' && connector === undefined) {
    throw new ConfigurationError(
      'egress VPC needs a VPC connector: set vpc-connector-arn',
      'vpc-connector-arn',
    );
  }
  const changed = [
    add('egress', egress?.EgressType ?? 'DEFAULT', type),
    add('VPC connector', egress?.VpcConnectorArn, connector),
  ].some(Boolean);
  if (!changed) return undefined;
  return {
    ...current,
    EgressConfiguration: {
      EgressType: type,
      ...(connector === undefined ? {} : { VpcConnectorArn: connector }),
    },
  };
}

function planObservability(
  current: ServiceObservabilityConfiguration | undefined,
  spec: ServiceSpec,
  add: Add,
): ServiceObservabilityConfiguration | undefined {
  if (spec.observability === undefined) return undefined;
  const enabled = spec.observability.enabled;
  const arn = enabled
    ? (spec.observability.configurationArn ?? current?.ObservabilityConfigurationArn)
    : undefined;
  if (enabled && arn === undefined) {
    throw new ConfigurationError(
      'observability needs a configuration: set observability-configuration-arn',
      'observability-configuration-arn',
    );
  }
  const changed = [
    add('observability', current?.ObservabilityEnabled === true ? 'on' : 'off', enabled ? 'on' : 'off'), // prettier-ignore
    add('observability configuration', current?.ObservabilityConfigurationArn, arn),
  ].some(Boolean);
  if (!changed) return undefined;
  return { ObservabilityEnabled: enabled, ...(arn === undefined ? {} : { ObservabilityConfigurationArn: arn }) }; // prettier-ignore
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
