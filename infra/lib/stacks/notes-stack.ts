import { Fn, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { type Construct } from 'constructs';
import { acknowledge } from '../nag';
import { workflowOutput } from '../outputs';
import { AppRunnerSiteStack } from './apprunner-site-stack';
import { type ExampleStackProps } from './example-stack';

/**
 * Example 1, examples/dotnet-apprunner-react-postgres: .NET API on App Runner, React SPA on
 * S3 + CloudFront, PostgreSQL, the reusable workflow deploy.yml (and rollback.yml).
 */
export class NotesStack extends AppRunnerSiteStack {
  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id, props, { app: 'notes', engine: 'postgres', spaFallback: true });
    const { database, backend, repository } = this;
    // The API reads DATABASE_URL from the application secret; CloudFormation fills it from the
    // master secret by dynamic reference, so no password is in the template.
    const field = (key: string): string =>
      SecretValue.secretsManager(database.secret.secretArn, { jsonField: key }).unsafeUnwrap();
    const appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      secretName: `notes/${this.githubEnvironment}`,
      description: 'notes-api runtime secrets (DATABASE_URL)',
      secretObjectValue: {
        DATABASE_URL: SecretValue.unsafePlainText(
          Fn.join('', [
            'postgresql://',
            field('username'),
            ':',
            field('password'),
            '@',
            database.instance.dbInstanceEndpointAddress,
            ':',
            database.instance.dbInstanceEndpointPort,
            '/notes',
          ]),
        ),
      },
    });
    appSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledge(
      appSecret,
      'AwsSolutions-SMG4',
      'DATABASE_URL is derived from the master secret by CloudFormation; rotating it means rotating the master secret and updating the stack.',
    );
    appSecret.grantRead(backend.instanceRole);

    workflowOutput(
      this,
      'ecr-repository',
      repository.repositoryName,
      'ECR repository of the API image',
    );
    workflowOutput(
      this,
      'ecr-repository',
      repository.repository.repositoryUri,
      'ECR repository URI (rollback.yml)',
      'rollback',
    );
    workflowOutput(
      this,
      'secrets',
      `DATABASE_URL=${appSecret.secretArn}:DATABASE_URL::`,
      'secrets line of the application secret',
    );
  }
}
