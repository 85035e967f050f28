import {
  DescribeServiceCommand,
  ListOperationsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  OperationStatus,
  ServiceStatus,
  type AppRunnerClient,
  type OperationSummary,
  type Service,
} from '@aws-sdk/client-apprunner';
import type { BackoffOptions } from '../core/backoff';
import { formatDuration, type Clock } from '../core/clock';
import { isTransientError } from '../core/retry';
import { waitFor, type PollResult } from '../core/wait';
import { isAwsError } from '../core/aws-errors';

/** How waits poll: deadline, backoff, clock, cancellation, progress lines. */
export interface PollSettings {
  backoff: Partial<BackoffOptions>;
  clock?: Clock;
  signal?: AbortSignal;
  log: (line: string) => void;
}

const SERVICE_ARN = /^arn:aws[a-z-]*:apprunner:[a-z0-9-]+:\d{12}:service\/[^/]+\/[0-9a-f]+$/;

export function isServiceArn(ref: string): boolean {
  return SERVICE_ARN.test(ref);
}

/** The service name inside a service ARN (…:service/NAME/ID). */
export function nameFromArn(arn: string): string {
  return arn.split(':service/')[1]?.split('/')[0] ?? arn;
}

/**
 * Finds a service by ARN (DescribeService only) or by name (ListServices pages, then
 * DescribeService). Undefined when there is none.
 */
export async function findService(
  client: AppRunnerClient,
  ref: string,
): Promise<Service | undefined> {
  if (isServiceArn(ref)) return describeService(client, ref);
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListServicesCommand({ MaxResults: 20, ...(token === undefined ? {} : { NextToken: token }) }),
    ); // prettier-ignore
    const match = page.ServiceSummaryList?.find((s) => s.ServiceName === ref && s.Status !== 'DELETED'); // prettier-ignore
    if (match?.ServiceArn !== undefined) return describeService(client, match.ServiceArn);
    token = page.NextToken;
  } while (token !== undefined);
  return undefined;
}

export async function describeService(
  client: AppRunnerClient,
  arn: string,
): Promise<Service | undefined> {
  try {
    const { Service: service } = await client.send(new DescribeServiceCommand({ ServiceArn: arn }));
    return service?.Status === 'DELETED' ? undefined : service;
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

export async function listTags(
  client: AppRunnerClient,
  arn: string,
): Promise<Record<string, string>> {
  const { Tags } = await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
  return Object.fromEntries((Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/** Finds one operation of a service: newest first, so it is on the first page but for rare cases. */
async function findOperation(
  client: AppRunnerClient,
  serviceArn: string,
  operationId: string,
): Promise<OperationSummary | undefined> {
  let token: string | undefined;
  for (let page = 0; page < 5; page++) {
    const result = await client.send(
      new ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: 20, ...(token === undefined ? {} : { NextToken: token }) }),
    ); // prettier-ignore
    const found = result.OperationSummaryList?.find((o) => o.Id === operationId);
    if (found !== undefined || result.NextToken === undefined) return found;
    token = result.NextToken;
  }
  return undefined;
}

const RUNNING_STATES = new Set(['PENDING', 'IN_PROGRESS', 'ROLLBACK_IN_PROGRESS']);
const OPERATION_STATUSES: readonly string[] = Object.values(OperationStatus);
const SERVICE_STATUSES: readonly string[] = Object.values(ServiceStatus);

/** A poll that survives a transient API failure (after the SDK's own retries) as "pending". */
async function tolerant<T>(poll: () => Promise<PollResult<T>>, log: (line: string) => void): Promise<PollResult<T>> {
  try {
    return await poll();
  } catch (error) {
    if (!isTransientError(error)) throw error;
    log(`  App Runner API error while polling, will poll again: ${(error as Error).name}`);
    return { done: false, state: 'unknown (API error)' };
  }
} // prettier-ignore

/**
 * Waits until the operation this call started ends, and returns its final summary (SUCCEEDED or
 * a failure state; the caller decides). Progress lines name the state and the time waited.
 */
export async function waitForOperation(
  client: AppRunnerClient,
  serviceArn: string,
  operationId: string,
  timeoutMs: number,
  settings: PollSettings,
): Promise<{ operation: OperationSummary; elapsedMs: number; polls: number }> {
  let lastState = '';
  const outcome = await waitFor<OperationSummary>({
    description: `App Runner operation ${operationId}`,
    timeoutMs,
    backoff: settings.backoff,
    ...(settings.clock === undefined ? {} : { clock: settings.clock }),
    ...(settings.signal === undefined ? {} : { signal: settings.signal }),
    statuses: OPERATION_STATUSES,
    poll: () =>
      tolerant(async () => {
        const operation = await findOperation(client, serviceArn, operationId);
        const status = operation?.Status ?? 'PENDING';
        const known = OPERATION_STATUSES.includes(status);
        if (operation !== undefined && known && !RUNNING_STATES.has(status)) {
          return { done: true, value: operation };
        }
        // A new phase (the rollback starting) restarts the delay schedule.
        const changed = lastState !== '' && status !== lastState;
        lastState = status;
        return { done: false, state: status, status, resetBackoff: changed };
      }, settings.log),
    onPending: (state, elapsedMs) =>
      settings.log(`  operation ${operationId}: ${state} (${formatDuration(elapsedMs)})`),
  });
  return { operation: outcome.value, elapsedMs: outcome.elapsedMs, polls: outcome.attempts };
}

/**
 * Waits until no operation is in progress on the service (someone else's deployment), bounded,
 * and returns the service as it is then.
 */
export async function waitUntilIdle(
  client: AppRunnerClient,
  serviceArn: string,
  timeoutMs: number,
  settings: PollSettings,
): Promise<Service | undefined> {
  const outcome = await waitFor<Service | undefined>({
    description: `the operation in progress on ${nameFromArn(serviceArn)} to finish`,
    timeoutMs,
    backoff: settings.backoff,
    ...(settings.clock === undefined ? {} : { clock: settings.clock }),
    ...(settings.signal === undefined ? {} : { signal: settings.signal }),
    statuses: SERVICE_STATUSES,
    poll: () =>
      tolerant(async () => {
        const service = await describeService(client, serviceArn);
        const status = service?.Status;
        if (
          status === 'OPERATION_IN_PROGRESS' ||
          (status !== undefined && !SERVICE_STATUSES.includes(status))
        ) {
          return { done: false, state: status, status };
        }
        return { done: true, value: service };
      }, settings.log),
    onPending: (state, elapsedMs) =>
      settings.log(`  service busy: ${state} (waited ${formatDuration(elapsedMs)})`),
  });
  return outcome.value;
}
