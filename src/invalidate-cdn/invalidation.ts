import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  paginateListDistributions,
} from '@aws-sdk/client-cloudfront';
import * as core from '@actions/core';
import { createClient, type AwsSettings } from '../core/aws-clients';
import type { Clock } from '../core/clock';
import { ConfigurationError, describeError } from '../core/errors';
import { isTransientError } from '../core/retry';
import { waitFor } from '../core/wait';
import { awsErrorName } from '../core/aws-errors';

export interface InvalidationRef {
  distributionId: string;
  id: string;
  status: string;
}

export interface CdnOptions {
  timeoutMs: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
  clock?: Clock;
}

/** Invalidation statuses CloudFront documents (GetInvalidation's Invalidation.Status). */
const INVALIDATION_STATUSES = ['InProgress', 'Completed'];

/** CloudFront calls of invalidate-cdn, sharing one deadline for retries and waiting. */
export class Cdn {
  private readonly client: CloudFrontClient;
  private readonly deadline: number;

  constructor(
    settings: AwsSettings,
    private readonly options: CdnOptions,
  ) {
    this.client = createClient(CloudFrontClient, settings);
    this.deadline = (options.clock?.now() ?? Date.now()) + options.timeoutMs;
  }

  destroy(): void {
    this.client.destroy();
  }

  private remaining(): number {
    return Math.max(1, this.deadline - (this.options.clock?.now() ?? Date.now()));
  }

  /** The distribution whose aliases (CNAMEs) or CloudFront domain name include `alias`. */
  async findByAlias(alias: string): Promise<string> {
    const seen: string[] = [];
    for await (const page of paginateListDistributions({ client: this.client }, {})) {
      for (const summary of page.DistributionList?.Items ?? []) {
        const names = [...(summary.Aliases?.Items ?? []), summary.DomainName ?? ''].map((n) =>
          n.toLowerCase(),
        );
        if (names.includes(alias)) return summary.Id ?? '';
        seen.push(...(summary.Aliases?.Items ?? []));
      }
    }
    throw new ConfigurationError(
      `no distribution has the alias ${alias} (aliases seen: ${seen.slice(0, 10).join(', ') || 'none'})`,
      'alias',
    );
  }

  /**
   * Creates the invalidation, waiting out TooManyInvalidationsInProgress and 5xx errors until
   * the deadline. The CallerReference makes every attempt (and every re-run) the same request.
   */
  async create(
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
  ): Promise<InvalidationRef> {
    const outcome = await waitFor<InvalidationRef>({
      description: `CloudFront to accept the invalidation of ${paths.length} paths on ${distributionId}`,
      timeoutMs: this.remaining(),
      backoff: {
        initialDelayMs: this.options.pollIntervalMs,
        maxDelayMs: Math.max(this.options.pollIntervalMs, 60_000),
      },
      ...this.common(),
      poll: async () => {
        try {
          const result = await this.client.send(
            new CreateInvalidationCommand({
              DistributionId: distributionId,
              InvalidationBatch: {
                CallerReference: callerReference,
                Paths: { Quantity: paths.length, Items: [...paths] },
              },
            }),
            this.abort(),
          );
          return {
            done: true,
            value: {
              distributionId,
              id: result.Invalidation?.Id ?? '',
              status: result.Invalidation?.Status ?? '',
            },
          };
        } catch (error) {
          const name = awsErrorName(error);
          if (name === 'TooManyInvalidationsInProgress' || isTransientError(error)) {
            core.info(`CloudFront answered ${name ?? describeError(error)}; trying again`);
            return { done: false, state: name ?? 'error' };
          }
          throw error;
        }
      },
    });
    return outcome.value;
  }

  /** Waits for Completed (the SDK waiter gives up after 10 minutes; invalidations can take longer). */
  async waitCompleted(ref: InvalidationRef): Promise<InvalidationRef> {
    if (ref.status === 'Completed') return ref;
    const outcome = await waitFor<InvalidationRef>({
      description: `invalidation ${ref.id} on ${ref.distributionId} to complete`,
      timeoutMs: this.remaining(),
      backoff: {
        initialDelayMs: this.options.pollIntervalMs,
        maxDelayMs: Math.max(this.options.pollIntervalMs, 30_000),
      },
      ...this.common(),
      statuses: INVALIDATION_STATUSES,
      onPending: (state, elapsed) =>
        core.info(`invalidation ${ref.id}: ${state} after ${Math.round(elapsed / 1000)}s`),
      poll: async () => {
        try {
          const got = await this.client.send(
            new GetInvalidationCommand({ DistributionId: ref.distributionId, Id: ref.id }),
            this.abort(),
          );
          const status = got.Invalidation?.Status ?? '(no status)';
          return status === 'Completed'
            ? { done: true, value: { ...ref, status } }
            : { done: false, state: status, status };
        } catch (error) {
          if (isTransientError(error))
            return { done: false, state: `error: ${describeError(error)}` };
          throw error;
        }
      },
    });
    return outcome.value;
  }

  private common(): { signal?: AbortSignal; clock?: Clock } {
    return {
      ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
      ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
    };
  }

  private abort(): { abortSignal?: AbortSignal } {
    return this.options.signal === undefined ? {} : { abortSignal: this.options.signal };
  }
}
