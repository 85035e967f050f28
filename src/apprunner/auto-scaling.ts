import {
  CreateAutoScalingConfigurationCommand,
  DescribeAutoScalingConfigurationCommand,
  ListAutoScalingConfigurationsCommand,
  type AppRunnerClient,
  type AutoScalingConfiguration,
} from '@aws-sdk/client-apprunner';
import type { AutoScalingSpec } from './spec';

/** The values of an auto scaling configuration. */
export async function scalingValues(
  client: AppRunnerClient,
  arn: string,
): Promise<Required<AutoScalingSpec>> {
  const { AutoScalingConfiguration: config } = await client.send(
    new DescribeAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }),
  );
  return valuesOf(config);
}

function valuesOf(config: AutoScalingConfiguration | undefined): Required<AutoScalingSpec> {
  return {
    MinSize: config?.MinSize ?? 1,
    MaxSize: config?.MaxSize ?? 25,
    MaxConcurrency: config?.MaxConcurrency ?? 100,
  };
}

export interface ScalingChoice {
  /** Undefined only in a dry run that would create a new revision. */
  arn: string | undefined;
  name: string;
  revision: number | undefined;
  created: boolean;
}

/**
 * An auto scaling configuration with exactly these values: an existing revision under `name`
 * when one matches (so re-runs do not pile up revisions), else a new revision (not in a dry run).
 */
export async function resolveScaling(
  client: AppRunnerClient,
  name: string,
  wanted: Required<AutoScalingSpec>,
  dryRun: boolean,
): Promise<ScalingChoice> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: name, MaxResults: 20, ...(token === undefined ? {} : { NextToken: token }) }),
    ); // prettier-ignore
    for (const summary of page.AutoScalingConfigurationSummaryList ?? []) {
      if (summary.Status !== 'ACTIVE' || summary.AutoScalingConfigurationArn === undefined)
        continue;
      const values = await scalingValues(client, summary.AutoScalingConfigurationArn);
      if (
        values.MinSize === wanted.MinSize &&
        values.MaxSize === wanted.MaxSize &&
        values.MaxConcurrency === wanted.MaxConcurrency
      ) {
        return {
          arn: summary.AutoScalingConfigurationArn,
          name,
          revision: summary.AutoScalingConfigurationRevision,
          created: false,
        };
      }
    }
    token = page.NextToken;
  } while (token !== undefined);
  if (dryRun) return { arn: undefined, name, revision: undefined, created: true };
  const { AutoScalingConfiguration: created } = await client.send(
    new CreateAutoScalingConfigurationCommand({ AutoScalingConfigurationName: name, ...wanted }),
  );
  return {
    arn: created?.AutoScalingConfigurationArn,
    name,
    revision: created?.AutoScalingConfigurationRevision,
    created: true,
  };
}
