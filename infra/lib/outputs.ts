import { CfnOutput } from 'aws-cdk-lib';
import { type Construct } from 'constructs';

/** The CloudFormation output key of a workflow input: role-to-assume -> RoleToAssume. */
export function outputKey(input: string): string {
  return input
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/**
 * One stack output named after the workflow input that reads it (`prefix` distinguishes the
 * steps of a workflow that give the same input different values: backend-image + repository).
 */
export function workflowOutput(
  scope: Construct,
  input: string,
  value: string,
  description: string,
  prefix = '',
): CfnOutput {
  return new CfnOutput(scope, outputKey(`${prefix} ${input}`), { value, description });
}

/** Marks an output no example workflow reads yet; the description says what it is for. */
export const EXTRA_OUTPUT = 'Not read by the example workflow:';

export function extraOutput(
  scope: Construct,
  input: string,
  value: string,
  description: string,
): CfnOutput {
  return new CfnOutput(scope, outputKey(input), {
    value,
    description: `${EXTRA_OUTPUT} ${description}`,
  });
}
