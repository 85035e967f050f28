import {
  AppRunnerClient,
  DeleteServiceCommand,
  ListServicesCommand,
  type ServiceSummary,
} from '@aws-sdk/client-apprunner';
import { waitUntilIdle, type PollSettings } from '../apprunner/service-state';
import { isAwsError } from '../core/aws-errors';
import { createClient, type AwsSettings } from '../core/aws-clients';
import { DeploymentFailedError } from '../core/errors';
import { assertPreviewService, previewNumber } from './names';

/** One live preview service of the production service. */
export interface PreviewService {
  name: string;
  arn: string;
  pr: number;
  status: string;
  /** Last deploy (UpdatedAt, else CreatedAt): the TTL and the cost guard's "oldest" use it. */
  updatedAt: Date;
}

export function appRunnerClient(aws: AwsSettings): AppRunnerClient {
  return createClient(AppRunnerClient, aws);
}

/** Every `<base>-pr-<N>` service that is not deleted (ListServices pages; no other name matches). */
export async function listPreviews(
  client: AppRunnerClient,
  base: string,
): Promise<PreviewService[]> {
  const found: PreviewService[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListServicesCommand({ MaxResults: 20, ...(token === undefined ? {} : { NextToken: token }) }),
    ); // prettier-ignore
    for (const summary of page.ServiceSummaryList ?? []) {
      const preview = asPreview(summary, base);
      if (preview !== undefined) found.push(preview);
    }
    token = page.NextToken;
  } while (token !== undefined);
  return found.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.pr - b.pr);
}

function asPreview(summary: ServiceSummary, base: string): PreviewService | undefined {
  const name = summary.ServiceName ?? '';
  const pr = previewNumber(base, name);
  if (pr === undefined || summary.ServiceArn === undefined) return undefined;
  if (summary.Status === 'DELETED') return undefined;
  return {
    name,
    arn: summary.ServiceArn,
    pr,
    status: summary.Status ?? 'UNKNOWN',
    updatedAt: summary.UpdatedAt ?? summary.CreatedAt ?? new Date(0),
  };
}

/**
 * Deletes one preview service and waits until it is gone. The name is checked first: only a
 * `-pr-<N>` service is ever deleted. A service already gone (or being deleted) is not an error.
 */
export async function deletePreviewService(
  client: AppRunnerClient,
  service: Pick<PreviewService, 'name' | 'arn'>,
  timeoutMs: number,
  settings: PollSettings,
): Promise<'deleted' | 'absent'> {
  assertPreviewService(service.name);
  try {
    await client.send(new DeleteServiceCommand({ ServiceArn: service.arn }));
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return 'absent';
    // A delete already in progress (a second teardown of the same PR): wait for it below.
    if (!isAwsError(error, 'InvalidStateException')) throw error;
  }
  const left = await waitUntilIdle(client, service.arn, timeoutMs, settings);
  if (left !== undefined) {
    throw new DeploymentFailedError(`deleting ${service.name} left it ${left.Status ?? 'in an unknown state'}`); // prettier-ignore
  }
  return 'deleted';
}
