import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  ExecuteChangeSetCommand,
  waitUntilChangeSetCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { settled } from './cloudformation-fixtures';

/** The synthesized templates users deploy (`infra/templates/`), each run through the local stack. */
const TEMPLATES = path.join(__dirname, '../../infra/templates');
const templates = existsSync(TEMPLATES)
  ? readdirSync(TEMPLATES).filter((name) => name.endsWith('.template.json'))
  : [];

interface Template {
  Parameters?: Record<string, { Default?: unknown }>;
  Resources: Record<
    string,
    { Type: string; DeletionPolicy?: string; Properties?: Record<string, unknown> }
  >;
  Outputs?: Record<string, unknown>;
}

describe('local CloudFormation: the synthesized example templates', () => {
  let stack: LocalAws;
  let cfn: CloudFormationClient;
  let config: () => Record<string, unknown>;

  beforeAll(async () => {
    stack = await startLocalAws({
      services: { ecr: { registry: false } },
      timings: { 'cloudformation.step': 2, 'cloudfront.deploy': 20, 'ecs.deployment': 20 },
    });
    config = () => ({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    cfn = new CloudFormationClient(config());
  });
  afterAll(() => stack?.stop());

  if (templates.length === 0) {
    it.todo('runs infra/templates/*.template.json (none in this tree)');
  } else {
    it.each(templates)(
      '%s: plans, creates, answers every output, and deletes what is not kept',
      async (file) => {
        const body = readFileSync(path.join(TEMPLATES, file), 'utf8');
        const template = JSON.parse(body) as Template;
        const stackName = file.replace(/\.template\.json$/, '');
        const parameters =
          'GitHubRepository' in (template.Parameters ?? {})
            ? [{ ParameterKey: 'GitHubRepository', ParameterValue: 'octo/app' }]
            : [];
        const created = await cfn.send(
          new CreateChangeSetCommand({
            StackName: stackName,
            ChangeSetName: 'initial',
            ChangeSetType: 'CREATE',
            TemplateBody: body,
            Parameters: parameters,
            Capabilities: ['CAPABILITY_NAMED_IAM'],
          }),
        );
        await waitUntilChangeSetCreateComplete(
          { client: cfn, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
          { ChangeSetName: created.Id },
        );
        const plan = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
        expect(plan.Changes?.length).toBeGreaterThan(10);
        expect(plan.Changes?.every((c) => c.ResourceChange?.Action === 'Add')).toBe(true);
        await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
        const done = await settled(cfn, stackName, 60_000);
        expect(done.StackStatus).toBe('CREATE_COMPLETE');
        const outputs = Object.fromEntries(
          (done.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]),
        );
        expect(Object.keys(outputs).sort()).toEqual(Object.keys(template.Outputs ?? {}).sort());
        for (const [key, value] of Object.entries(outputs))
          expect([key, value]).toEqual([key, expect.stringMatching(/\S/)]);

        // The resources the local stack runs exist in its services.
        const { StackResources: resources = [] } = await cfn.send(
          new DescribeStackResourcesCommand({ StackName: stackName }),
        );
        const ofType = (type: string) =>
          resources.filter((r) => r.ResourceType === type).map((r) => r.PhysicalResourceId!);
        const s3 = new S3Client({ ...config(), forcePathStyle: true });
        for (const bucket of ofType('AWS::S3::Bucket'))
          await s3.send(new HeadBucketCommand({ Bucket: bucket }));
        const repositories = ofType('AWS::ECR::Repository');
        if (repositories.length > 0) {
          const found = await new ECRClient(config()).send(
            new DescribeRepositoriesCommand({ repositoryNames: repositories }),
          );
          expect(found.repositories?.map((r) => r.repositoryName).sort()).toEqual(
            [...repositories].sort(),
          );
        }
        const secrets = new SecretsManagerClient(config());
        const attachments = Object.values(template.Resources).filter(
          (r) => r.Type === 'AWS::SecretsManager::SecretTargetAttachment',
        );
        for (const arn of ofType('AWS::SecretsManager::Secret')) {
          const value = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
          expect(value.SecretString).toBeDefined();
        }
        if (attachments.length > 0) {
          const databaseSecret = ofType('AWS::SecretsManager::SecretTargetAttachment')[0]!;
          const document = JSON.parse(
            (await secrets.send(new GetSecretValueCommand({ SecretId: databaseSecret })))
              .SecretString!,
          ) as Record<string, unknown>;
          expect(document).toMatchObject({
            host: expect.stringMatching(/\.rds\.amazonaws\.com$/),
            port: expect.any(Number),
            password: expect.any(String),
          });
        }

        // Deletion: resources kept by DeletionPolicy Retain are skipped; a protected database refuses.
        await cfn.send(new DeleteStackCommand({ StackName: stackName }));
        const deleted = await settled(cfn, done.StackId!, 60_000);
        const events =
          (await cfn.send(new DescribeStackEventsCommand({ StackName: done.StackId })))
            .StackEvents ?? [];
        const lastStatus = (logicalId: string) =>
          events.find((e) => e.LogicalResourceId === logicalId)?.ResourceStatus;
        const protectedDb = Object.entries(template.Resources).find(
          ([, r]) => r.Type === 'AWS::RDS::DBInstance' && r.Properties?.DeletionProtection === true,
        );
        if (protectedDb !== undefined) {
          expect(deleted.StackStatus).toBe('DELETE_FAILED');
          expect(lastStatus(protectedDb[0])).toBe('DELETE_FAILED');
        } else {
          expect(deleted.StackStatus).toBe('DELETE_COMPLETE');
        }
        for (const [logicalId, resource] of Object.entries(template.Resources)) {
          if (resource.DeletionPolicy === 'Retain' && lastStatus(logicalId) !== undefined) {
            expect([logicalId, lastStatus(logicalId)]).toEqual([logicalId, 'DELETE_SKIPPED']);
          }
        }
      },
    );
  }
});
