import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { describeError } from '../core/errors';
import { isAwsError } from '../core/aws-errors';

/** A line a container wrote to CloudWatch Logs. */
export interface LogLine {
  container: string;
  message: string;
  timestamp: number;
}

/** Where a container of a task writes with the awslogs driver. */
export interface LogLocation {
  container: string;
  group: string;
  stream: string;
}

/**
 * The awslogs streams of a task's containers: `PREFIX/CONTAINER/TASK_ID` in the configured
 * group. Containers without the awslogs driver or a stream prefix have no known stream.
 */
export function logLocations(
  containers: readonly ContainerDefinition[],
  taskId: string,
): { locations: LogLocation[]; unknown: string[] } {
  const locations: LogLocation[] = [];
  const unknown: string[] = [];
  for (const container of containers) {
    const name = container.name ?? '';
    const config = container.logConfiguration;
    const group = config?.options?.['awslogs-group'];
    const prefix = config?.options?.['awslogs-stream-prefix'];
    if (config?.logDriver !== 'awslogs' || group === undefined || prefix === undefined) {
      unknown.push(name);
      continue;
    }
    locations.push({ container: name, group, stream: `${prefix}/${name}/${taskId}` });
  }
  return { locations, unknown };
}

const MAX_PAGES_PER_DRAIN = 50;

/**
 * Follows one log stream with GetLogEvents from its head. `drain()` delivers every event that
 * arrived since the last call (CloudWatch returns the same forward token when nothing is new).
 * A stream that does not exist yet is not an error; any other error stops the tail with a
 * warning, because logs are a view on the task, not its outcome.
 */
export class LogTail {
  private token: string | undefined;
  private stopped = false;
  delivered = 0;

  constructor(
    private readonly logs: CloudWatchLogsClient,
    readonly location: LogLocation,
    private readonly onLine: (line: LogLine) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /** Fetches and delivers what is new; returns how many lines. */
  async drain(signal?: AbortSignal): Promise<number> {
    if (this.stopped) return 0;
    let count = 0;
    for (let page = 0; page < MAX_PAGES_PER_DRAIN; page++) {
      let out;
      try {
        out = await this.logs.send(
          new GetLogEventsCommand({
            logGroupName: this.location.group,
            logStreamName: this.location.stream,
            startFromHead: true,
            ...(this.token === undefined ? {} : { nextToken: this.token }),
          }),
          signal === undefined ? {} : { abortSignal: signal },
        );
      } catch (error) {
        if (isAwsError(error, 'ResourceNotFoundException')) return count;
        if (signal?.aborted) return count;
        this.stopped = true;
        this.warn(
          `cannot read the logs of container ${this.location.container} (${this.location.group} ${this.location.stream}): ${describeError(error)}`,
        );
        return count;
      }
      for (const event of out.events ?? []) {
        this.onLine({
          container: this.location.container,
          message: event.message ?? '',
          timestamp: event.timestamp ?? 0,
        });
        count++;
      }
      const next = out.nextForwardToken;
      const same = next === undefined || next === this.token;
      this.token = next ?? this.token;
      if (same || (out.events ?? []).length === 0) break;
    }
    this.delivered += count;
    return count;
  }
}
