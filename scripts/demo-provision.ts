// Provisions example 1's infrastructure for `npm run demo` from the synthesized template users
// deploy (infra/templates/notes-production.template.json), through the local stack's
// CloudFormation API, and returns the stack's outputs: the values the example workflow reads.
import { readFileSync } from 'node:fs';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';

export const EXAMPLE_TEMPLATE = 'infra/templates/notes-production.template.json';

export interface ProvisionedStack {
  stackName: string;
  outputs: Record<string, string>;
  resourceCount: number;
  seconds: number;
}

export async function provisionExampleStack(
  config: {
    region: string;
    endpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  },
  say: (line: string) => void,
): Promise<ProvisionedStack> {
  let body: string;
  try {
    body = readFileSync(EXAMPLE_TEMPLATE, 'utf8');
  } catch {
    throw new Error(`${EXAMPLE_TEMPLATE} is missing: synthesize it first (see infra/README.md)`);
  }
  const cfn = new CloudFormationClient(config);
  const stackName = 'notes-production';
  const started = Date.now();
  await cfn.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: body,
      Parameters: [{ ParameterKey: 'GitHubRepository', ParameterValue: 'octo/notes' }],
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    }),
  );
  let seen = 0;
  for (;;) {
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? [];
    for (const event of events.slice(0, events.length - seen).reverse()) {
      if (
        event.ResourceType !== 'AWS::CloudFormation::Stack' &&
        event.ResourceStatus !== 'CREATE_COMPLETE'
      )
        continue;
      say(`  | ${event.ResourceStatus?.padEnd(18)} ${event.ResourceType} ${event.LogicalResourceId}${event.ResourceStatusReason ? ` (${event.ResourceStatusReason})` : ''}`); // prettier-ignore
    }
    seen = events.length;
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks?.[0];
    if (stack?.StackStatus === 'CREATE_COMPLETE') {
      cfn.destroy();
      return {
        stackName,
        outputs: Object.fromEntries(
          (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
        ),
        resourceCount: events.filter(
          (e) =>
            e.ResourceStatus === 'CREATE_COMPLETE' &&
            e.ResourceType !== 'AWS::CloudFormation::Stack',
        ).length,
        seconds: (Date.now() - started) / 1000,
      };
    }
    if (stack?.StackStatus !== undefined && !stack.StackStatus.endsWith('_IN_PROGRESS')) {
      cfn.destroy();
      throw new Error(
        `stack ${stackName} ended ${stack.StackStatus}: ${stack.StackStatusReason ?? ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
