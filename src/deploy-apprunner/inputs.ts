import type { InputOf } from '../generated/action-names';
import { readAwsSettings, type AwsSettings } from '../core/aws-clients';
import { ConfigurationError } from '../core/errors';
import { actionInputs, type ActionInputs, assertArn, quote } from '../core/inputs';
import { maskSecret, maskUrlPasswords } from '../core/mask';
import { checkSizePair, parseCpu, parseMemory } from '../apprunner/instance-size';
import { looksSensitive } from '../apprunner/plan';
import type { ServiceSpec } from '../apprunner/spec';

/** Only the inputs actions/deploy-apprunner/action.yml declares can be read. */
type Inputs = ActionInputs<'deploy-apprunner'>;

export interface DeployAppRunnerConfig {
  aws: AwsSettings;
  /** Service name, or a service ARN (looked up directly, never by listing). */
  service: string;
  spec: ServiceSpec;
  replaceFailedService: boolean;
  forceDeployment: boolean;
  dryRun: boolean;
  /** Deadline for the operation this call starts. */
  timeoutMs: number;
  /** Deadline for an operation already in progress (someone else's) to finish first. */
  busyTimeoutMs: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** Environment variables whose names look sensitive (their values are masked). */
  sensitiveEnvironment: string[];
}

const ACTION = 'deploy-apprunner';
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$/;
const IMAGE =
  /^[a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64}|:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}@sha256:[a-f0-9]{64})?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:\s]*(:[^:\s]*(:[^:\s]*)?)?)?$/;
const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9/_.-]+$/;

/** Reads and checks every input once; any mistake is a ConfigurationError naming the input. */
export function readInputs(inputs = actionInputs('deploy-apprunner')): DeployAppRunnerConfig {
  const aws = readAwsSettings(inputs, ACTION);
  const service = inputs.required('service');
  if (service.startsWith('arn:')) {
    assertArn('service', service, 'apprunner');
    if (!/:service\/[^/]+\/[0-9a-f]+$/.test(service)) {
      throw new ConfigurationError(`expected a service ARN (…:service/NAME/ID), got ${quote(service)}`, 'service'); // prettier-ignore
    }
  } else if (!SERVICE_NAME.test(service)) {
    throw new ConfigurationError(
      `expected a service name of 4-40 letters, digits, - and _ (or a service ARN), got ${quote(service)}`,
      'service',
    );
  }

  const image = inputs.required('image');
  if (!IMAGE.test(image)) {
    throw new ConfigurationError(
      `expected an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:<digest>, got ${quote(image)}`,
      'image',
    );
  }
  const sensitiveEnvironment: string[] = [];
  const environment = readEnvironment(inputs, sensitiveEnvironment);
  const secrets = readSecrets(inputs, environment);

  const cpuText = inputs.optional('cpu');
  const memoryText = inputs.optional('memory');
  const cpu = cpuText === undefined ? undefined : parseCpu('cpu', cpuText);
  const memory = memoryText === undefined ? undefined : parseMemory('memory', memoryText);
  if (cpu !== undefined && memory !== undefined) checkSizePair(cpu, memory, '');

  const accessRoleArn = optionalArn(inputs, 'access-role-arn', 'iam');
  const instanceRoleArn = optionalArn(inputs, 'instance-role-arn', 'iam');
  const port = inputs.integer('port', undefined, { min: 1, max: 65535 });
  const startCommand = inputs.optional('start-command');
  const spec: ServiceSpec = {
    image,
    repositoryType: image.startsWith('public.ecr.aws/') ? 'ECR_PUBLIC' : 'ECR',
    ...(accessRoleArn === undefined ? {} : { accessRoleArn }),
    ...(port === undefined ? {} : { port: String(port) }),
    ...(cpu === undefined ? {} : { cpu }),
    ...(memory === undefined ? {} : { memory }),
    ...(environment === undefined ? {} : { environment }),
    ...(secrets === undefined ? {} : { secrets }),
    ...(startCommand === undefined ? {} : { startCommand }),
    healthCheck: readHealthCheck(inputs),
    autoScaling: {
      ...optional('MinSize', inputs.integer('min-instances', undefined, { min: 1, max: 25 })),
      ...optional('MaxSize', inputs.integer('max-instances', undefined, { min: 1, max: 25 })),
      ...optional('MaxConcurrency', inputs.integer('max-concurrency', undefined, { min: 1, max: 200 })), // prettier-ignore
    },
    ...(instanceRoleArn === undefined ? {} : { instanceRoleArn }),
    tags: Object.fromEntries(inputs.keyValues('tags')),
  };
  const scalingName = inputs.matching('auto-scaling-name', /^[A-Za-z0-9][A-Za-z0-9-_]{3,31}$/, '4-32 letters, digits, - and _'); // prettier-ignore
  if (scalingName === 'DefaultConfiguration') {
    throw new ConfigurationError('DefaultConfiguration is App Runner\'s own; choose another name', 'auto-scaling-name'); // prettier-ignore
  }
  if (scalingName !== undefined) spec.autoScalingName = scalingName;
  const egress = readEgress(inputs);
  if (egress !== undefined) spec.egress = egress;
  const observability = readObservability(inputs);
  if (observability !== undefined) spec.observability = observability;
  for (const key of Object.keys(spec.tags)) {
    if (key.startsWith('aws:')) throw new ConfigurationError(`tag ${quote(key)}: the aws: prefix is reserved`, 'tags'); // prettier-ignore
  }

  const pollIntervalMs = inputs.duration('poll-interval', '5s', { min: 100, max: 300_000 });
  const maxPollIntervalMs = inputs.duration('max-poll-interval', '10s', { min: 100, max: 600_000 });
  if (maxPollIntervalMs < pollIntervalMs) {
    throw new ConfigurationError('must not be shorter than poll-interval', 'max-poll-interval');
  }
  return {
    aws,
    service,
    spec,
    replaceFailedService: inputs.boolean('replace-failed-service', false),
    forceDeployment: inputs.boolean('force-deployment', false),
    dryRun: inputs.boolean('dry-run', false),
    timeoutMs: inputs.duration('timeout', '30m', { min: 1000, max: 6 * 3_600_000 }),
    busyTimeoutMs: inputs.duration('wait-for-busy', '20m', { min: 0, max: 6 * 3_600_000 }),
    pollIntervalMs,
    maxPollIntervalMs,
    sensitiveEnvironment,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function optionalArn(
  inputs: Inputs,
  name: InputOf<'deploy-apprunner'>,
  service: string,
): string | undefined {
  const value = inputs.optional(name);
  if (value !== undefined) assertArn(name, value, service);
  return value;
}

/** `KEY=value` lines; values of sensitive-looking names are masked (and should be secrets). */
function readEnvironment(inputs: Inputs, sensitive: string[]): Record<string, string> | undefined {
  if (inputs.optional('environment') === undefined) return undefined;
  const environment: Record<string, string> = {};
  for (const [key, value] of inputs.keyValues('environment')) {
    checkVariableName('environment', key);
    // A secret-looking name, or a value holding a URL with a password (DATABASE_URL).
    if (looksSensitive(key)) {
      maskSecret(value);
      sensitive.push(key);
    } else if (maskUrlPasswords(value)) {
      sensitive.push(key);
    }
    environment[key] = value;
  }
  return environment;
}

/** `NAME=arn` lines: Secrets Manager ARNs (with an optional `:json-key:stage:version` suffix) or SSM parameter ARNs. */
function readSecrets(
  inputs: Inputs,
  environment: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (inputs.optional('secrets') === undefined) return undefined;
  const secrets: Record<string, string> = {};
  for (const [key, arn] of inputs.keyValues('secrets')) {
    checkVariableName('secrets', key);
    if (environment?.[key] !== undefined) {
      throw new ConfigurationError(`${key} is set in both environment and secrets`, 'secrets');
    }
    if (!SECRET_ARN.test(arn) && !PARAMETER_ARN.test(arn)) {
      throw new ConfigurationError(
        `${key}: expected a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME, ` +
          `optionally followed by :JSON_KEY::) or an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME); ` +
          // Never echo the value: a secret pasted here by mistake must not reach the log.
          `the value given is not one`,
        'secrets',
      );
    }
    secrets[key] = arn;
  }
  return secrets;
}

function checkVariableName(input: string, key: string): void {
  if (!ENV_NAME.test(key)) {
    throw new ConfigurationError(`${quote(key)} is not a valid variable name`, input);
  }
  if (key.startsWith('AWSAPPRUNNER')) {
    throw new ConfigurationError(`${key}: names starting with AWSAPPRUNNER are reserved`, input);
  }
}

function readHealthCheck(inputs: Inputs): ServiceSpec['healthCheck'] {
  const protocolText = inputs.oneOf('health-check-protocol', ['HTTP', 'TCP', 'http', 'tcp']);
  const path = inputs.matching('health-check-path', /^\/\S*$/, 'a path starting with /');
  let protocol = protocolText?.toUpperCase() as 'HTTP' | 'TCP' | undefined;
  if (path !== undefined && protocol === 'TCP') {
    throw new ConfigurationError('a path is only used with health-check-protocol HTTP', 'health-check-path'); // prettier-ignore
  }
  if (path !== undefined) protocol = 'HTTP';
  const range = { min: 1, max: 20 };
  const seconds = (name: InputOf<'deploy-apprunner'>): number | undefined => {
    const ms = inputs.duration(name, undefined, { min: 1000, max: 20_000 });
    if (ms !== undefined && ms % 1000 !== 0) {
      throw new ConfigurationError('App Runner takes whole seconds', name);
    }
    return ms === undefined ? undefined : ms / 1000;
  };
  return {
    ...optional('Protocol', protocol),
    ...optional('Path', path),
    ...optional('Interval', seconds('health-check-interval')),
    ...optional('Timeout', seconds('health-check-timeout')),
    ...optional('HealthyThreshold', inputs.integer('health-check-healthy-threshold', undefined, range)), // prettier-ignore
    ...optional('UnhealthyThreshold', inputs.integer('health-check-unhealthy-threshold', undefined, range)), // prettier-ignore
  };
}

function readEgress(inputs: Inputs): ServiceSpec['egress'] {
  const type = inputs.oneOf('egress', ['default', 'vpc']);
  const connector = optionalArn(inputs, 'vpc-connector-arn', 'apprunner');
  if (connector !== undefined && !connector.includes(':vpcconnector/')) {
    throw new ConfigurationError('expected a VPC connector ARN (…:vpcconnector/NAME/REVISION/ID)', 'vpc-connector-arn'); // prettier-ignore
  }
  if (type === 'default' && connector !== undefined) {
    throw new ConfigurationError('egress default does not use a VPC connector; remove vpc-connector-arn or set egress: vpc', 'egress'); // prettier-ignore
  }
  if (type === undefined && connector === undefined) return undefined;
  return type === 'default'
    ? { type: 'DEFAULT' }
    : { type: 'VPC', ...(connector === undefined ? {} : { vpcConnectorArn: connector }) };
}

function readObservability(inputs: Inputs): ServiceSpec['observability'] {
  const arn = optionalArn(inputs, 'observability-configuration-arn', 'apprunner');
  const enabledText = inputs.optional('observability');
  const enabled = enabledText === undefined ? undefined : inputs.boolean('observability', false);
  if (enabled === false && arn !== undefined) {
    throw new ConfigurationError('observability is false but observability-configuration-arn is set', 'observability'); // prettier-ignore
  }
  if (enabled === undefined && arn === undefined) return undefined;
  return { enabled: enabled ?? true, ...(arn === undefined ? {} : { configurationArn: arn }) };
}
