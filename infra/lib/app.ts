import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type ExampleStack } from './stacks/example-stack';
import { NotesStack } from './stacks/notes-stack';
import { ShopStack } from './stacks/shop-stack';
import { AccountsStack } from './stacks/accounts-stack';
import { TasksStack } from './stacks/tasks-stack';

/** Each example's stack: the example folder it serves and the template file name. */
export const EXAMPLES = [
  {
    example: 'dotnet-apprunner-react-postgres',
    stackName: 'notes-production',
    build: (app: App) => new NotesStack(app, 'notes-production'),
  },
  {
    example: 'fastapi-apprunner-vite-mysql',
    stackName: 'tasks-production',
    build: (app: App) => new TasksStack(app, 'tasks-production'),
  },
  {
    example: 'ecs-all-in-one-ssm',
    stackName: 'shop-production',
    build: (app: App) => new ShopStack(app, 'shop-production'),
  },
  {
    example: 'ecs-fargate-alb-mysql',
    stackName: 'accounts-production',
    build: (app: App) => new AccountsStack(app, 'accounts-production'),
  },
] as const;

/** The CDK app with every example stack and cdk-nag's AwsSolutions checks. */
export function buildApp(options: { outdir?: string; cloudFormationValidation?: boolean } = {}): {
  app: App;
  stacks: ExampleStack[];
} {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    // aws-cdk-lib's built-in CloudFormation validation takes ~18 s per synth: the template
    // script runs it, the tests (which synthesize many times) do not.
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
    context: { 'aws:cdk:enable-path-metadata': false, 'aws:cdk:version-reporting': false },
  });
  const stacks = EXAMPLES.map((entry) => entry.build(app));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stacks };
}
