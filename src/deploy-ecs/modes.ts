import * as core from '@actions/core';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createClient } from '../core/aws-clients';
import { statusPolling, type BackoffOptions } from '../core/backoff';
import { formatDuration } from '../core/clock';
import { DeploymentFailedError, WaitTimeoutError } from '../core/errors';
import { deployExpress } from '../ecs/express-deploy';
import { runOneOffTask, TaskFailedError, type OneOffTaskResult } from '../ecs/one-off-task';
import { deployService } from '../ecs/service-deploy';
import {
  describeStoppedTask,
  diagnosticsOf,
  type ServiceDiagnostics,
} from '../ecs/service-diagnostics';
import { DeploymentRolledBackError } from '../ecs/service-deployment';
import { shortTaskDefinition } from '../ecs/task-definition';
import { describeTaskDefinition, registerIfChanged } from '../ecs/task-definition-api';
import type { DeployEcsConfig, ExpressSettings, ServiceSettings, TaskSettings } from './inputs';
import { link, type Report } from './report';
import type { Cell } from '../core/summary';

type Common = Pick<DeployEcsConfig, 'aws' | 'cluster' | 'wait'>;

export interface ModeOutcome {
  report: Report;
  /** The failure to raise after outputs and summary are written. */
  error?: unknown;
}

/** Runs the configured mode; failures that still have something to report come back as `error`. */
/** Polls start at poll-interval and grow to twice it (at most 10 s), with narrow jitter. */
export function rolloutBackoff(pollIntervalMs: number): Partial<BackoffOptions> {
  return statusPolling(pollIntervalMs, Math.min(10_000, pollIntervalMs * 2));
}

export async function runMode(
  config: DeployEcsConfig,
  signal: AbortSignal,
  started: number,
): Promise<ModeOutcome> {
  const ecs = createClient(ECSClient, config.aws);
  const backoff = rolloutBackoff(config.wait.pollIntervalMs);
  const progress = (line: string): void => core.info(line);
  if (config.mode === 'express') return express(config, ecs, backoff, signal, started, progress);
  if (config.mode === 'service') return service(config, ecs, backoff, signal, started, progress);
  return task(config, ecs, backoff, signal, started, progress);
}

async function express(
  config: Common & ExpressSettings,
  ecs: ECSClient,
  backoff: Partial<BackoffOptions>,
  signal: AbortSignal,
  started: number,
  progress: (line: string) => void,
): Promise<ModeOutcome> {
  const title = `deploy-ecs: Express Mode service ${config.service}`;
  try {
    const result = await deployExpress({
      ecs,
      cluster: config.cluster,
      spec: config,
      timeoutMs: config.wait.timeoutMs,
      backoff,
      signal,
      onProgress: progress,
    });
    if (result.url !== undefined) core.info(`Service URL: ${result.url}`);
    return {
      report: {
        ok: true,
        title,
        status: result.status,
        elapsedMs: Date.now() - started,
        outputs: {
          service: config.service,
          'service-arn': result.serviceArn,
          'service-url': result.url,
          image: result.image,
          'previous-image': result.previousImage,
          'task-definition': result.taskDefinitionArn,
          'previous-task-definition': result.previousTaskDefinitionArn,
          'service-revision': result.serviceRevisionArn,
        },
        facts: [
          ['Service', config.service],
          ['Cluster', config.cluster],
          ['URL', link(result.url)],
          ['Image', result.image],
          ['Previous image', result.previousImage],
          ['Revision', result.serviceRevisionArn],
        ],
      },
    };
  } catch (error) {
    return failed(title, config.service, error, started, { image: config.image });
  }
}

async function service(
  config: Common & ServiceSettings,
  ecs: ECSClient,
  backoff: Partial<BackoffOptions>,
  signal: AbortSignal,
  started: number,
  progress: (line: string) => void,
): Promise<ModeOutcome> {
  const title = `deploy-ecs: service ${config.service}`;
  try {
    const result = await deployService({
      ecs,
      cluster: config.cluster,
      service: config.service,
      ...(config.taskDefinitionFile === undefined
        ? {}
        : { definition: config.taskDefinitionFile.definition }),
      ...(config.taskDefinitionRef === undefined
        ? {}
        : { taskDefinitionRef: config.taskDefinitionRef }),
      images: config.images,
      ...(config.edits === undefined ? {} : { edits: config.edits }),
      update: config.update,
      ...(config.strategy === undefined ? {} : { strategy: config.strategy }),
      onPause: (message) => core.warning(message),
      imagesInput: config.images.size === 1 ? 'container' : 'images',
      timeoutMs: config.wait.timeoutMs,
      backoff,
      signal,
      onProgress: progress,
    });
    const first = result.changes[0];
    return {
      report: {
        ok: true,
        title,
        status: result.status,
        elapsedMs: Date.now() - started,
        outputs: {
          service: config.service,
          'service-arn': result.serviceArn,
          image: first?.image,
          'previous-image': first?.previous,
          images: JSON.stringify(
            Object.fromEntries(result.changes.map((c) => [c.container, c.image])),
          ),
          'previous-images': JSON.stringify(
            Object.fromEntries(
              result.changes.filter((c) => c.previous !== '').map((c) => [c.container, c.previous]),
            ),
          ),
          'task-definition': result.taskDefinitionArn,
          'previous-task-definition': result.previousTaskDefinitionArn,
        },
        facts: [
          ['Service', config.service],
          ['Cluster', config.cluster],
          [
            'Task definition',
            `${shortTaskDefinition(result.taskDefinitionArn)}${result.registered ? ' (new revision)' : ''}`,
          ],
          ['Previous task definition', shortTaskDefinition(result.previousTaskDefinitionArn)],
          ...result.changes.map((c): [string, string] => [
            `Container ${c.container}`,
            `${c.previous || '(none)'} → ${c.image}`,
          ]),
          ...(result.stages ?? []).map((stage): [string, string] => [
            `Stage ${stage.stage}`,
            `entered after ${formatDuration(stage.elapsedMs)}`,
          ]),
        ],
      },
    };
  } catch (error) {
    const first = [...config.images.values()][0];
    return failed(
      title,
      config.service,
      error,
      started,
      first === undefined ? {} : { image: first },
    );
  }
}

async function task(
  config: Common & TaskSettings,
  ecs: ECSClient,
  backoff: Partial<BackoffOptions>,
  signal: AbortSignal,
  started: number,
  progress: (line: string) => void,
): Promise<ModeOutcome> {
  const logs = createClient(CloudWatchLogsClient, config.aws);
  let taskDefinition = config.taskDefinitionRef;
  if (config.taskDefinitionFile !== undefined) {
    const definition = config.taskDefinitionFile.definition;
    const latest =
      definition.family === undefined
        ? undefined
        : await describeTaskDefinition(ecs, definition.family);
    taskDefinition = (await registerIfChanged(ecs, definition, latest)).arn;
  }
  const title = `deploy-ecs: one-off task in ${config.cluster}`;
  const multi = { value: false };
  try {
    const result = await runOneOffTask({
      ecs,
      logs,
      cluster: config.cluster,
      ...(taskDefinition === undefined ? {} : { taskDefinition }),
      containerName: config.container,
      ...(config.image === undefined ? {} : { image: config.image }),
      ...(config.command === undefined ? {} : { command: config.command }),
      ...(config.env.size === 0 ? {} : { environment: Object.fromEntries(config.env) }),
      ...(config.service === undefined ? {} : { copyFromService: config.service }),
      ...(config.subnets.length === 0
        ? {}
        : {
            networkConfiguration: {
              awsvpcConfiguration: {
                subnets: config.subnets,
                ...(config.securityGroups.length === 0
                  ? {}
                  : { securityGroups: config.securityGroups }),
                ...(config.assignPublicIp === undefined
                  ? {}
                  : { assignPublicIp: config.assignPublicIp }),
              },
            },
          }),
      ...(config.launchType === undefined ? {} : { launchType: config.launchType }),
      ...(config.capacityProvider === undefined
        ? {}
        : { capacityProviderStrategy: [{ capacityProvider: config.capacityProvider, weight: 1 }] }),
      startedBy: `github-${process.env.GITHUB_RUN_ID ?? 'local'}`,
      timeoutMs: config.wait.timeoutMs,
      backoff: { ...backoff, maxDelayMs: Math.min(backoff.maxDelayMs ?? 15_000, 15_000) },
      signal,
      onLogLine: (line) => {
        multi.value ||= line.container !== config.container;
        core.info(multi.value ? `[${line.container}] ${line.message}` : line.message);
      },
      onProgress: progress,
      onWarning: (message) => core.warning(message),
    });
    return { report: taskReport(title, config, result, true, 'succeeded', started) };
  } catch (error) {
    if (error instanceof TaskFailedError) {
      return { report: taskReport(title, config, error.result, false, 'failed', started), error };
    }
    return failed(
      title,
      config.service ?? config.container,
      error,
      started,
      config.image === undefined ? {} : { image: config.image },
    );
  }
}

function taskReport(
  title: string,
  config: Common & TaskSettings,
  result: OneOffTaskResult,
  ok: boolean,
  status: string,
  started: number,
): Report {
  const exitCode = result.exitCodes[config.container];
  return {
    ok,
    title,
    status,
    elapsedMs: Date.now() - started,
    outputs: {
      'task-arn': result.taskArn,
      'exit-code': exitCode === undefined ? undefined : String(exitCode),
      'task-definition': result.taskDefinitionArn,
      image: config.image,
      'stopped-reason': result.stoppedReason,
    },
    facts: [
      ['Task', result.taskId],
      ['Task definition', shortTaskDefinition(result.taskDefinitionArn)],
      ['Command', config.command?.join(' ')],
      [
        'Exit codes',
        Object.entries(result.exitCodes)
          .map(([name, code]) => `${name}: ${code ?? 'none'}`)
          .join(', '),
      ],
      ['Stopped', [result.stopCode, result.stoppedReason].filter(Boolean).join(': ')],
      ['Log lines', result.logLines],
    ],
  };
}

/** A failure that still reports what it knows: the image tried and what the service runs now. */
function failed(
  title: string,
  name: string,
  error: unknown,
  started: number,
  known: { image?: string },
): ModeOutcome {
  if (!(error instanceof DeploymentFailedError) && !(error instanceof WaitTimeoutError))
    throw error;
  const now = error instanceof DeploymentRolledBackError ? error.runningNow : undefined;
  const runningImage = now === undefined ? undefined : Object.values(now.images)[0];
  return {
    error,
    report: {
      ok: false,
      title,
      status:
        error instanceof WaitTimeoutError
          ? 'timed-out'
          : now === undefined
            ? 'failed'
            : 'rolled-back',
      elapsedMs: Date.now() - started,
      outputs: {
        service: name,
        image: known.image,
        'previous-image': runningImage,
        'previous-task-definition': now?.taskDefinitionArn,
      },
      facts: [
        ['Failure', error.message.split('\n')[0]],
        ['Image tried', known.image],
        [
          'Runs now',
          now?.taskDefinitionArn === undefined
            ? undefined
            : `${shortTaskDefinition(now.taskDefinitionArn)} (${Object.values(now.images).join(', ')})`,
        ],
        ...diagnosticFacts(diagnosticsOf(error)),
      ],
    },
  };
}

/** Summary rows of a failed deployment: the service's events, stopped tasks, console links. */
function diagnosticFacts(d: ServiceDiagnostics | undefined): [string, Cell][] {
  if (d === undefined) return [];
  return [
    ...d.events.map((e): [string, Cell] => [
      `Event ${e.at?.toISOString().slice(11, 19) ?? ''}`.trimEnd(),
      e.message,
    ]),
    ...d.stoppedTasks.flatMap((t): [string, Cell][] => [
      [`Stopped task ${t.taskId}`, describeStoppedTask(t).slice(t.taskId.length + 2)],
      [`Task ${t.taskId.slice(0, 8)} in the console`, link(t.link)],
    ]),
    ['Diagnostics', d.unavailable === undefined ? undefined : `not readable: ${d.unavailable}`],
    ['Service in the console', link(d.serviceLink)],
  ];
}
