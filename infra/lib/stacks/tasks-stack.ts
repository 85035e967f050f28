import { type Construct } from 'constructs';
import { workflowOutput } from '../outputs';
import { AppRunnerSiteStack } from './apprunner-site-stack';
import { type ExampleStackProps } from './example-stack';

/**
 * Example 2, examples/fastapi-apprunner-vite-mysql: FastAPI on App Runner, Vite SPA with SPA
 * fallback, MySQL 8, secrets from the database secret; the root action in one step.
 */
export class TasksStack extends AppRunnerSiteStack {
  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id, props, { app: 'tasks', engine: 'mysql', spaFallback: true });
    const secret = this.database.secret;
    secret.grantRead(this.backend.instanceRole);
    const keys: [string, string][] = [
      ['DB_HOST', 'host'],
      ['DB_USER', 'username'],
      ['DB_PASSWORD', 'password'],
      ['DB_NAME', 'dbname'],
    ];
    workflowOutput(
      this,
      'repository',
      this.repository.repositoryName,
      'ECR repository of the API image',
    );
    workflowOutput(
      this,
      'secrets',
      keys.map(([name, key]) => `${name}=${secret.secretArn}:${key}::`).join('\n'),
      "secrets lines: the API reads the database secret's keys",
    );
  }
}
