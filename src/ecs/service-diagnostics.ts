import type { ECSClient, Task } from '@aws-sdk/client-ecs';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { DeploymentFailedError, WaitTimeoutError, describeError } from '../core/errors';

/**
 * What a failed service deployment leaves to read: the service's latest events, the tasks it
 * stopped (stoppedReason, each container's exit code) and console links. Read after a failure
 * only, and never allowed to hide it: a diagnostics call that fails is reported as such.
 */

export interface StoppedTask {
  taskId: string;
  stopCode?: string;
  stoppedReason?: string;
  /** Container name -> exit code (undefined: none) and reason. */
  containers: { name: string; exitCode?: number; reason?: string }[];
  link: string;
}

export interface ServiceDiagnostics {
  events: { at?: Date; message: string }[];
  stoppedTasks: StoppedTask[];
  serviceLink: string;
  /** Why part of this could not be read, if it could not. */
  unavailable?: string;
}

export interface DiagnosticsTarget {
  ecs: ECSClient;
  cluster: string;
  service: string;
  region: string;
  /** Only events and tasks from this time on. */
  since: Date;
  /** The failed deployment (its tasks carry it as startedBy), when known. */
  deploymentId?: string;
}

const MAX_EVENTS = 8;
const MAX_TASKS = 3;

export async function diagnoseService(target: DiagnosticsTarget): Promise<ServiceDiagnostics> {
  const links = consoleLinks(target.region, target.cluster, target.service);
  const result: ServiceDiagnostics = { events: [], stoppedTasks: [], serviceLink: links.service };
  try {
    const out = await target.ecs.send(
      new DescribeServicesCommand({ cluster: target.cluster, services: [target.service] }),
    );
    result.events = (out.services?.[0]?.events ?? [])
      .filter((e) => e.createdAt === undefined || e.createdAt >= target.since)
      .slice(0, MAX_EVENTS)
      .map((e) => ({
        ...(e.createdAt === undefined ? {} : { at: e.createdAt }),
        message: e.message ?? '',
      }));
    result.stoppedTasks = await stoppedTasks(target, links.task);
  } catch (error) {
    result.unavailable = describeError(error);
  }
  return result;
}

async function stoppedTasks(
  target: DiagnosticsTarget,
  taskLink: (id: string) => string,
): Promise<StoppedTask[]> {
  const listed = await target.ecs.send(
    new ListTasksCommand({
      cluster: target.cluster,
      serviceName: target.service,
      desiredStatus: 'STOPPED',
    }),
  );
  const arns = (listed.taskArns ?? []).slice(0, 100);
  if (arns.length === 0) return [];
  const described = await target.ecs.send(
    new DescribeTasksCommand({ cluster: target.cluster, tasks: arns }),
  );
  return (described.tasks ?? [])
    .filter((t) => (t.stoppedAt ?? t.createdAt ?? target.since) >= target.since)
    .filter((t) => target.deploymentId === undefined || t.startedBy === target.deploymentId)
    .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
    .slice(0, MAX_TASKS)
    .map((t) => stoppedTask(t, taskLink));
}

function stoppedTask(task: Task, taskLink: (id: string) => string): StoppedTask {
  const taskId = (task.taskArn ?? '').split('/').pop() ?? '';
  return {
    taskId,
    ...(task.stopCode === undefined ? {} : { stopCode: task.stopCode }),
    ...(task.stoppedReason === undefined ? {} : { stoppedReason: task.stoppedReason }),
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? '',
      ...(c.exitCode === undefined ? {} : { exitCode: c.exitCode }),
      ...(c.reason === undefined ? {} : { reason: c.reason }),
    })),
    link: taskLink(taskId),
  };
}

/** The ECS console pages of a service (its deployments and events) and of its tasks. */
export function consoleLinks(
  region: string,
  cluster: string,
  service: string,
): { service: string; task: (id: string) => string } {
  const clusterName = cluster.split('/').pop() ?? cluster;
  const base = `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(clusterName)}`;
  return {
    service: `${base}/services/${encodeURIComponent(service)}/deployments?region=${region}`,
    task: (id) => `${base}/tasks/${id}/configuration?region=${region}`,
  };
}

/** One line per stopped task: `ID (stopCode): reason; container exit codes`. */
export function describeStoppedTask(task: StoppedTask): string {
  const codes = task.containers
    .map(
      (c) =>
        `${c.name} exit ${c.exitCode ?? 'none'}${c.reason === undefined ? '' : ` (${c.reason})`}`,
    )
    .join(', ');
  return `${task.taskId}${task.stopCode === undefined ? '' : ` (${task.stopCode})`}: ${task.stoppedReason ?? 'no reason given'}${codes === '' ? '' : `; ${codes}`}`;
}

/** The diagnostics as lines appended to the failure's message. */
export function formatDiagnostics(d: ServiceDiagnostics): string {
  const lines: string[] = [];
  if (d.events.length > 0) {
    lines.push('Latest service events:');
    for (const e of d.events) lines.push(`  ${e.at?.toISOString() ?? ''} ${e.message}`.trimEnd());
  }
  if (d.stoppedTasks.length > 0) {
    lines.push('Stopped tasks:');
    for (const t of d.stoppedTasks) lines.push(`  ${describeStoppedTask(t)}`, `    ${t.link}`);
  }
  if (d.unavailable !== undefined)
    lines.push(`(service events and stopped tasks could not be read: ${d.unavailable})`);
  lines.push(`Console: ${d.serviceLink}`);
  return lines.join('\n');
}

const attached = new WeakMap<Error, ServiceDiagnostics>();

/** Appends the diagnostics to the error's message and keeps them for the summary. */
export function attachDiagnostics<E extends Error>(error: E, diagnostics: ServiceDiagnostics): E {
  error.message = `${error.message}\n${formatDiagnostics(diagnostics)}`;
  attached.set(error, diagnostics);
  return error;
}

export function diagnosticsOf(error: unknown): ServiceDiagnostics | undefined {
  return error instanceof Error ? attached.get(error) : undefined;
}

/**
 * Runs `wait` (a deployment wait); a failed deployment or a timeout gets the service's events,
 * stopped tasks and console links attached before it is rethrown.
 */
export async function withServiceDiagnostics<T>(
  target: Omit<DiagnosticsTarget, 'region' | 'deploymentId'> & {
    deploymentId?: string | undefined;
  },
  wait: () => Promise<T>,
): Promise<T> {
  try {
    return await wait();
  } catch (error) {
    if (!(error instanceof DeploymentFailedError) && !(error instanceof WaitTimeoutError))
      throw error;
    const region = await target.ecs.config.region();
    const failedId = (error as { deploymentId?: string }).deploymentId ?? target.deploymentId;
    const diagnostics = await diagnoseService({
      ecs: target.ecs,
      cluster: target.cluster,
      service: target.service,
      since: target.since,
      region,
      ...(failedId === undefined ? {} : { deploymentId: failedId }),
    });
    throw attachDiagnostics(error, diagnostics);
  }
}
