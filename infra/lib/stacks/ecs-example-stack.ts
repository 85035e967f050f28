import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Aws, CfnParameter } from 'aws-cdk-lib';
import { type Construct } from 'constructs';
import { type TaskDefinitionJson } from '../constructs/ecs-service-backend';
import { workflowOutput } from '../outputs';
import { ExampleStack, type ExampleStackProps } from './example-stack';

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'examples');

/** An example's task definition file, examples/<example>/ecs/<file>. */
export function taskDefinitionOf(example: string, file: string): TaskDefinitionJson {
  return JSON.parse(
    readFileSync(path.join(EXAMPLES_DIR, example, 'ecs', file), 'utf8'),
  ) as TaskDefinitionJson;
}

/** Base of the ECS examples: the DesiredCount parameter and the outputs every ECS example has. */
export abstract class EcsExampleStack extends ExampleStack {
  readonly desiredCount: CfnParameter;

  protected constructor(scope: Construct, id: string, props: ExampleStackProps) {
    super(scope, id, props);
    this.desiredCount = new CfnParameter(this, 'DesiredCount', {
      type: 'Number',
      default: 0,
      minValue: 0,
      maxValue: 10,
      description:
        'Tasks per service. 0 on the first deploy (the repositories are still empty); 1 or more once the workflow has pushed the first images.',
    });
  }

  protected commonOutputs(roleArn: string, cluster: string, url: string): void {
    workflowOutput(
      this,
      'role-to-assume',
      roleArn,
      'The role the workflow assumes (GitHub OIDC, this environment only)',
    );
    workflowOutput(this, 'aws-region', Aws.REGION, 'The region of this stack');
    workflowOutput(this, 'cluster', cluster, 'ECS cluster');
    workflowOutput(
      this,
      'urls',
      url,
      "The load balancer's URL (point your domain at it; https once certificateArn is set)",
    );
  }
}
