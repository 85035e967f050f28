import { ACTIONS, type InputOf } from '../generated/action-names';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readAwsSettings, type AwsSettings } from '../core/aws-clients';
import { ConfigurationError } from '../core/errors';
import { actionInputs, type ActionInputs, quote } from '../core/inputs';
import { hasEdits, type ContainerEdits } from '../ecs/container-edits';
import type { DeploymentStrategySettings } from '../ecs/deployment-strategy';
import type { ExpressSpec } from '../ecs/express-deploy';
import type { ServiceUpdate } from '../ecs/service-deploy';
import { parseTaskDefinitionFile, type TaskDefinitionInput } from '../ecs/task-definition';
import {
  readEditInputs,
  readSecretReferences,
  readServiceUpdate,
  readTags,
  TASK_DEFINITION_REF,
} from './service-inputs';
import { readStrategy } from './strategy-inputs';

/** Only the inputs actions/deploy-ecs/action.yml declares can be read. */
type Inputs = ActionInputs<'deploy-ecs'>;

export type Mode = 'express' | 'service' | 'task';

export interface WaitSettings {
  timeoutMs: number;
  /** First delay between polls; later ones grow up to twice this (at most 10 s). */
  pollIntervalMs: number;
}

/** Express Mode: what the step asks of the service (the domain module's spec) plus the mode. */
export type ExpressSettings = { mode: 'express' } & ExpressSpec;

export interface ServiceSettings {
  mode: 'service';
  service: string;
  /** The file's definition, or undefined to start from the service's current one. */
  taskDefinitionFile?: { path: string; definition: TaskDefinitionInput };
  /** A registered task definition (ARN or family[:revision]) deployed as it is. */
  taskDefinitionRef?: string;
  /** Container name -> new image. */
  images: Map<string, string>;
  /** Edits of the `container` (environment, secrets, command, logs, registry credentials). */
  edits?: ContainerEdits;
  update: ServiceUpdate;
  /** A native deployment strategy (deploymentConfiguration.strategy) and its settings. */
  strategy?: DeploymentStrategySettings;
}

export interface TaskSettings {
  mode: 'task';
  /** Service to copy the network (and, without a task definition, the task definition) from. */
  service?: string;
  taskDefinitionFile?: { path: string; definition: TaskDefinitionInput };
  taskDefinitionRef?: string;
  container: string;
  image?: string;
  command?: string[];
  env: Map<string, string>;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  launchType?: 'FARGATE' | 'EC2' | 'EXTERNAL';
  capacityProvider?: string;
}

export type DeployEcsConfig = {
  aws: AwsSettings;
  cluster: string;
  wait: WaitSettings;
} & (ExpressSettings | ServiceSettings | TaskSettings);

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const IMAGE =
  /^[a-z0-9][a-z0-9._-]*(:\d+)?(\/[a-z0-9._-]+)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
const ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** Reads and checks every input once; mistakes are ConfigurationErrors naming the input. */
export function readInputs(
  inputs = actionInputs('deploy-ecs'),
  workspace = process.env.GITHUB_WORKSPACE ?? process.cwd(),
): DeployEcsConfig {
  const aws = readAwsSettings(inputs, 'deploy-ecs');
  const mode = inputs.oneOf('mode', ['express', 'service', 'task'] as const, 'express');
  const cluster = inputs.matching('cluster', NAME_OR_ARN, 'a cluster name or ARN') ?? 'default';
  const wait: WaitSettings = {
    timeoutMs: inputs.duration('timeout', '30m', { min: 1000, max: 6 * 3_600_000 }),
    pollIntervalMs: inputs.duration('poll-interval', '5s', { min: 10, max: 120_000 }),
  };
  refuseOtherModes(inputs, mode);
  const common = { aws, cluster, wait };
  if (mode === 'express') return { ...common, ...readExpress(inputs) };
  if (mode === 'service') return { ...common, ...readService(inputs, workspace, aws.region) };
  return { ...common, ...readTask(inputs, workspace) };
}

/** The inputs only some modes use (as their descriptions say); any other input is for all. */
const MODE_INPUTS: Partial<Record<InputOf<'deploy-ecs'>, readonly Mode[]>> = {
  container: ['service', 'task'],
  images: ['service'],
  'task-definition': ['service', 'task'],
  'execution-role-arn': ['express'],
  'infrastructure-role-arn': ['express'],
  'task-role-arn': ['express'],
  port: ['express'],
  'health-check-path': ['express'],
  cpu: ['express'],
  memory: ['express'],
  secrets: ['express', 'service'],
  'min-tasks': ['express'],
  'max-tasks': ['express'],
  'scaling-metric': ['express'],
  'scaling-target': ['express'],
  subnets: ['express', 'task'],
  'security-groups': ['express', 'task'],
  'assign-public-ip': ['task'],
  'launch-type': ['task'],
  'capacity-provider': ['task'],
  'log-group': ['express', 'service'],
  'log-stream-prefix': ['express', 'service'],
  'repository-credentials': ['express', 'service'],
  tags: ['express', 'service'],
  'force-new-deployment': ['service'],
  'desired-count': ['service'],
  'propagate-tags': ['service'],
  'enable-execute-command': ['service'],
  'deployment-strategy': ['service'],
  'bake-time': ['service'],
  'canary-percent': ['service'],
  'canary-bake-time': ['service'],
  'linear-step-percent': ['service'],
  'linear-step-bake-time': ['service'],
  alarms: ['service'],
  'pause-stages': ['service'],
  'pause-timeout': ['service'],
};

function defaultOf(name: InputOf<'deploy-ecs'>): string | undefined {
  const defaults: Readonly<Record<string, string>> = ACTIONS['deploy-ecs'].defaults;
  return defaults[name];
}

/** An input the chosen mode would silently ignore is an error naming the mode, whatever its value. */
function refuseOtherModes(inputs: Inputs, mode: Mode): void {
  for (const [name, modes] of Object.entries(MODE_INPUTS) as [
    InputOf<'deploy-ecs'>,
    readonly Mode[],
  ][]) {
    // The runner passes action.yml's defaults whether or not the user set the input.
    const value = inputs.optional(name);
    if (!modes.includes(mode) && value !== undefined && value !== defaultOf(name)) {
      throw new ConfigurationError(
        `applies to mode ${modes.join(' and ')} only, not mode ${mode}: remove it`,
        name,
      );
    }
  }
}

const NAME_OR_ARN =
  /^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255})$/;

function readExpress(inputs: Inputs): ExpressSettings {
  const service = requiredName(inputs, 'service');
  const image = requiredImage(inputs, 'image');
  const executionRoleArn = role(inputs, 'execution-role-arn', true);
  const infrastructureRoleArn = role(inputs, 'infrastructure-role-arn', true);
  const taskRoleArn = role(inputs, 'task-role-arn', false);
  const port = inputs.integer('port', undefined, { min: 1, max: 65535 });
  const healthCheckPath = inputs.matching(
    'health-check-path',
    /^\/\S*$/,
    'a path starting with / (such as /health)',
  );
  const cpu = inputs.oneOf('cpu', Object.keys(FARGATE_MEMORY), undefined);
  const memory = inputs.matching('memory', /^\d+$/, 'memory in MiB (such as 512 or 2048)');
  if (memory !== undefined) {
    const allowed = FARGATE_MEMORY[cpu ?? '256'] ?? [];
    if (!allowed.includes(Number(memory))) {
      throw new ConfigurationError(
        `${memory} MiB is not a Fargate size for ${cpu ?? '256'} CPU units; use one of ${allowed.join(', ')}`,
        'memory',
      );
    }
  }
  const minTaskCount = inputs.integer('min-tasks', undefined, { min: 1, max: 1000 });
  const maxTaskCount = inputs.integer('max-tasks', undefined, { min: 1, max: 1000 });
  if (minTaskCount !== undefined && maxTaskCount !== undefined && minTaskCount > maxTaskCount) {
    throw new ConfigurationError(`must be at least min-tasks (${minTaskCount})`, 'max-tasks');
  }
  const metric = inputs.oneOf('scaling-metric', ['cpu', 'memory', 'requests'] as const, undefined);
  const target = inputs.number('scaling-target', undefined, { min: 1, max: 100_000 });
  const scaling = {
    ...(minTaskCount === undefined ? {} : { minTaskCount }),
    ...(maxTaskCount === undefined ? {} : { maxTaskCount }),
    ...(metric === undefined ? {} : { metric: SCALING_METRICS[metric] }),
    ...(target === undefined ? {} : { target }),
  };
  return {
    mode: 'express',
    service,
    image,
    executionRoleArn,
    infrastructureRoleArn,
    ...(taskRoleArn === undefined ? {} : { taskRoleArn }),
    ...(port === undefined ? {} : { port }),
    ...(healthCheckPath === undefined ? {} : { healthCheckPath }),
    ...(cpu === undefined ? {} : { cpu }),
    ...(memory === undefined ? {} : { memory }),
    environment: inputs.keyValues('environment'),
    secrets: readSecretReferences(inputs),
    ...(Object.keys(scaling).length === 0 ? {} : { scaling }),
    subnets: ids(inputs, 'subnets', 'subnet-'),
    securityGroups: ids(inputs, 'security-groups', 'sg-'),
    ...readExpressContainer(inputs),
  };
}

/** Express Mode: the primary container's command, log group and registry credentials; tags. */
function readExpressContainer(
  inputs: Inputs,
): Pick<ExpressSpec, 'command' | 'logs' | 'repositoryCredentials' | 'tags'> {
  const edits = readEditInputs(inputs, (text) => parseCommand(text));
  if (edits.logStreamPrefix !== undefined && edits.logGroup === undefined) {
    throw new ConfigurationError('Express Mode needs log-group with it', 'log-stream-prefix');
  }
  return {
    ...(edits.command === undefined ? {} : { command: edits.command }),
    ...(edits.logGroup === undefined
      ? {}
      : { logs: { logGroup: edits.logGroup, logStreamPrefix: edits.logStreamPrefix ?? 'ecs' } }),
    ...(edits.repositoryCredentials === undefined
      ? {}
      : { repositoryCredentials: edits.repositoryCredentials }),
    tags: readTags(inputs),
  };
}

function readService(inputs: Inputs, workspace: string, region: string): ServiceSettings {
  const service = requiredName(inputs, 'service');
  const file = readTaskDefinitionFile(inputs, workspace, true);
  const ref = file === undefined ? inputs.optional('task-definition') : undefined;
  const editInputs = readEditInputs(inputs, (text) => parseCommand(text));
  const editing = hasEdits({ container: '', ...editInputs });
  const images = readImages(inputs, editing);
  const update = readServiceUpdate(inputs);
  const strategy = readStrategy(inputs);
  const withStrategy = strategy === undefined ? {} : { strategy };
  if (ref !== undefined) {
    if (images.size > 0 || editing) {
      throw new ConfigurationError(
        `${quote(ref)} is a registered task definition, deployed as it is: drop image, images and the container edits, or give a task definition file`,
        'task-definition',
      );
    }
    return { mode: 'service', service, taskDefinitionRef: ref, images, update, ...withStrategy };
  }
  if (
    images.size === 0 &&
    file === undefined &&
    !editing &&
    !update.forceNewDeployment &&
    strategy === undefined
  ) {
    throw new ConfigurationError(
      'nothing to deploy: set image (with container) or images (container=image lines), container edits (environment, secrets, command, log-group), a task-definition file or ARN, or force-new-deployment',
      'image',
    );
  }
  if (file !== undefined) checkContainers(file.definition, images);
  const container = editing ? requiredName(inputs, 'container') : undefined;
  if (file !== undefined && container !== undefined)
    checkContainers(file.definition, new Map([[container, '']]), 'container');
  return {
    mode: 'service',
    service,
    images,
    ...(file === undefined ? {} : { taskDefinitionFile: file }),
    ...(container === undefined ? {} : { edits: { container, ...editInputs, logRegion: region } }),
    update,
    ...withStrategy,
  };
}

function readTask(inputs: Inputs, workspace: string): TaskSettings {
  const service = inputs.matching('service', NAME, 'a service name');
  const file = readTaskDefinitionFile(inputs, workspace, true);
  const ref = file === undefined ? inputs.optional('task-definition') : undefined;
  if (file === undefined && ref === undefined && service === undefined) {
    throw new ConfigurationError(
      'a one-off task needs a task definition (file, family or ARN) or a service to take it from',
      'task-definition',
    );
  }
  const container = requiredName(inputs, 'container');
  if (file !== undefined) checkContainers(file.definition, new Map([[container, '']]), 'container');
  const image = inputs.optional('image') === undefined ? undefined : requiredImage(inputs, 'image');
  const command = readCommand(inputs);
  const subnets = ids(inputs, 'subnets', 'subnet-');
  const securityGroups = ids(inputs, 'security-groups', 'sg-');
  if (service === undefined && subnets.length === 0) {
    throw new ConfigurationError(
      'a one-off task needs subnets (and security-groups), or a service to copy its network configuration from',
      'subnets',
    );
  }
  const assignPublicIp = inputs.oneOf(
    'assign-public-ip',
    ['ENABLED', 'DISABLED'] as const,
    undefined,
  );
  const launchType = inputs.oneOf(
    'launch-type',
    ['FARGATE', 'EC2', 'EXTERNAL'] as const,
    undefined,
  );
  const capacityProvider = inputs.matching(
    'capacity-provider',
    NAME,
    'a capacity provider name such as FARGATE_SPOT',
  );
  if (launchType !== undefined && capacityProvider !== undefined) {
    throw new ConfigurationError(
      'set launch-type or capacity-provider, not both',
      'capacity-provider',
    );
  }
  return {
    mode: 'task',
    ...(service === undefined ? {} : { service }),
    ...(file === undefined ? {} : { taskDefinitionFile: file }),
    ...(ref === undefined ? {} : { taskDefinitionRef: ref }),
    container,
    ...(image === undefined ? {} : { image }),
    ...(command === undefined ? {} : { command }),
    env: inputs.keyValues('environment'),
    subnets,
    securityGroups,
    ...(assignPublicIp === undefined ? {} : { assignPublicIp }),
    ...(launchType === undefined ? {} : { launchType }),
    ...(capacityProvider === undefined ? {} : { capacityProvider }),
  };
}

/** `image` (+ `container`) and/or `images` lines of `container=image`. */
function readImages(inputs: Inputs, editing = false): Map<string, string> {
  const images = new Map<string, string>();
  for (const [container, image] of inputs.keyValues('images')) {
    if (!NAME.test(container))
      throw new ConfigurationError(`${quote(container)} is not a container name`, 'images');
    if (!IMAGE.test(image))
      throw new ConfigurationError(`${quote(image)} is not an image reference`, 'images');
    images.set(container, image);
  }
  const image = inputs.optional('image') === undefined ? undefined : requiredImage(inputs, 'image');
  const container = inputs.matching('container', NAME, 'a container name');
  if (image !== undefined) {
    if (container === undefined) {
      throw new ConfigurationError(
        'is required with image: name the container whose image to replace',
        'container',
      );
    }
    if (images.has(container)) {
      throw new ConfigurationError(
        `container ${quote(container)} is given in both image and images`,
        'images',
      );
    }
    images.set(container, image);
  } else if (container !== undefined && !editing) {
    throw new ConfigurationError(
      'was set without image or a container edit (environment, secrets, command, log-group)',
      'container',
    );
  }
  return images;
}

function checkContainers(
  definition: TaskDefinitionInput,
  images: ReadonlyMap<string, string>,
  input = 'images',
): void {
  const names = (definition.containerDefinitions ?? []).map((c) => c.name ?? '');
  for (const name of images.keys()) {
    if (!names.includes(name)) {
      throw new ConfigurationError(
        `container ${quote(name)} is not in the task definition file (containers: ${names.map((n) => quote(n)).join(', ')})`,
        input === 'images' && images.size === 1 ? 'container' : input,
      );
    }
  }
}

function readTaskDefinitionFile(
  inputs: Inputs,
  workspace: string,
  allowReference: boolean,
): { path: string; definition: TaskDefinitionInput } | undefined {
  const value = inputs.optional('task-definition');
  if (value === undefined) return undefined;
  const file = path.resolve(workspace, value);
  if (!existsSync(file)) {
    if (allowReference && TASK_DEFINITION_REF.test(value)) {
      return undefined;
    }
    throw new ConfigurationError(
      `file ${quote(value)} does not exist (relative to the workspace)`,
      'task-definition',
    );
  }
  return {
    path: value,
    definition: parseTaskDefinitionFile(readFileSync(file, 'utf8'), 'task-definition', value),
  };
}

/** A JSON array of strings, or words split on whitespace with '...' and "..." quoting. */
export function parseCommand(text: string, input = 'command'): string[] {
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConfigurationError('starts with [ but is not a JSON array of strings', input);
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length === 0 ||
      !parsed.every((p) => typeof p === 'string')
    ) {
      throw new ConfigurationError('must be a non-empty JSON array of strings', input);
    }
    return parsed as string[];
  }
  const words: string[] = [];
  let current = '';
  let quoteChar: string | undefined;
  let inWord = false;
  for (const char of text) {
    if (quoteChar !== undefined) {
      if (char === quoteChar) quoteChar = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quoteChar = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quoteChar !== undefined)
    throw new ConfigurationError(`has an unclosed ${quoteChar} quote`, input);
  if (inWord) words.push(current);
  return words;
}

function readCommand(inputs: Inputs): string[] | undefined {
  const text = inputs.optional('command');
  return text === undefined ? undefined : parseCommand(text);
}

function role(inputs: Inputs, name: InputOf<'deploy-ecs'>, required: true): string;
function role(inputs: Inputs, name: InputOf<'deploy-ecs'>, required: false): string | undefined;
function role(inputs: Inputs, name: InputOf<'deploy-ecs'>, required: boolean): string | undefined {
  const value = required ? inputs.required(name) : inputs.optional(name);
  if (value !== undefined && !ROLE.test(value)) {
    throw new ConfigurationError(
      `expected an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), got ${quote(value)}`,
      name,
    );
  }
  return value;
}

function requiredName(inputs: Inputs, name: InputOf<'deploy-ecs'>): string {
  const value = inputs.required(name);
  if (!NAME.test(value)) {
    throw new ConfigurationError(
      `expected up to 255 letters, digits, - and _, got ${quote(value)}`,
      name,
    );
  }
  return value;
}

function requiredImage(inputs: Inputs, name: InputOf<'deploy-ecs'>): string {
  const value = inputs.required(name);
  if (!IMAGE.test(value)) {
    throw new ConfigurationError(
      `expected an image reference such as REGISTRY/REPO@sha256:DIGEST, got ${quote(value)}`,
      name,
    );
  }
  return value;
}

function ids(inputs: Inputs, name: InputOf<'deploy-ecs'>, prefix: string): string[] {
  const values = inputs.list(name);
  for (const value of values) {
    if (!value.startsWith(prefix))
      throw new ConfigurationError(`expected ${prefix}... IDs, got ${quote(value)}`, name);
  }
  return values;
}

const SCALING_METRICS = {
  cpu: 'AVERAGE_CPU',
  memory: 'AVERAGE_MEMORY',
  requests: 'REQUEST_COUNT_PER_TARGET',
} as const;

const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

/** Fargate task sizes: CPU units -> allowed memory (MiB). */
const FARGATE_MEMORY: Record<string, number[]> = {
  '256': [512, 1024, 2048],
  '512': range(1024, 4096, 1024),
  '1024': range(2048, 8192, 1024),
  '2048': range(4096, 16384, 1024),
  '4096': range(8192, 30720, 1024),
  '8192': range(16384, 61440, 4096),
  '16384': range(32768, 122880, 8192),
};
