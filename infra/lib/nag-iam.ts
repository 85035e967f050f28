import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledge } from './nag';

// A deploy role's wildcard resources come from iam/policies/*.json, reviewed there
// (test/unit/iam keeps them to the actions' calls). cdk-nag's IAM5 reports each one; each is
// acknowledged here with the reason that shape of wildcard is the narrowest IAM allows, and an
// unknown shape throws so a new one gets its reason before it is accepted.

const REASONS: [RegExp, string][] = [
  [
    /:secret:.+-\*$/,
    'Secrets Manager appends a random six-character suffix to a secret ARN; the secret name itself is fixed.',
  ],
  [
    /:apprunner:.+:service\/[^/*]+\/\*$/,
    'An App Runner service ARN ends with an id generated when the service is created; the service name is fixed.',
  ],
  [
    /:apprunner:.+:autoscalingconfiguration\/\*$/,
    'deploy-apprunner creates the auto-scaling configuration; its ARN ends with a revision and a generated id.',
  ],
  [
    /^arn:aws:s3:::.+\/\*$/,
    'The objects of the one site bucket: sync-spa-s3 writes, reads and deletes any key in it.',
  ],
  [
    /:ecs:.+:task-definition\/[^/*]+:\*$/,
    'The revisions of one task family (deploy-ecs and run-migrations register new revisions).',
  ],
  [
    /:ecs:.+:task\/[^/*]+\/\*$/,
    'The tasks of one cluster; task ids are generated when a task starts.',
  ],
  [
    /:logs:.+:log-group:[^*]+:log-stream:\*$/,
    'The log streams of one log group; stream names carry the task id.',
  ],
];

/** The string cdk-nag shows for a resolved CloudFormation value (<AWS::Region>, <LogicalId>, <Id.Attr>). */
export function nagString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const [key, arg] = entries[0] ?? [];
    if (key === 'Ref') return `<${String(arg)}>`;
    if (key === 'Fn::GetAtt') return `<${(arg as string[]).join('.')}>`;
    if (key === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map(nagString).join(separator);
    }
  }
  return JSON.stringify(value);
}

/** Acknowledges each IAM5 wildcard finding of the given statements on a role, with its reason. */
export function acknowledgeWildcards(
  role: iam.Role,
  statements: readonly iam.PolicyStatement[],
): void {
  const stack = Stack.of(role);
  const starActions = new Set<string>();
  const done = new Set<string>();
  for (const statement of statements) {
    const json = statement.toStatementJson() as { Resource?: unknown; Action?: string | string[] };
    const resources =
      json.Resource === undefined
        ? []
        : Array.isArray(json.Resource)
          ? json.Resource
          : [json.Resource];
    for (const resource of resources) {
      const shown = nagString(stack.resolve(resource));
      if (!shown.includes('*')) continue;
      if (shown === '*') {
        for (const action of [json.Action ?? []].flat()) starActions.add(action);
        continue;
      }
      if (done.has(shown)) continue;
      const reason = REASONS.find(([pattern]) => pattern.test(shown))?.[1];
      if (!reason)
        throw new Error(
          `acknowledgeWildcards: no reason known for the wildcard resource ${shown}; add one to infra/lib/nag-iam.ts`,
        );
      acknowledge(role, `AwsSolutions-IAM5[Resource::${shown}]`, reason);
      done.add(shown);
    }
  }
  if (starActions.size > 0)
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      `IAM has no resource-level permission for ${[...starActions].sort().join(', ')} (a statement's condition, such as ecs:cluster, still applies); iam/README.md and test/unit/iam keep this list to the actions' calls.`,
    );
}
