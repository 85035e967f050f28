import { createHash, randomBytes } from 'node:crypto';
import {
  AppRunnerClient,
  CreateAutoScalingConfigurationCommand,
  CreateServiceCommand as CreateAppRunnerServiceCommand,
  DeleteServiceCommand as DeleteAppRunnerServiceCommand,
  DescribeAutoScalingConfigurationCommand,
  DescribeServiceCommand as DescribeAppRunnerServiceCommand,
  ListAutoScalingConfigurationsCommand,
  ListOperationsCommand,
  ListServicesCommand as ListAppRunnerServicesCommand,
  ListTagsForResourceCommand,
  StartDeploymentCommand,
  TagResourceCommand,
  UpdateServiceCommand as UpdateAppRunnerServiceCommand,
} from '@aws-sdk/client-apprunner';
import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  ListDistributionsCommand,
} from '@aws-sdk/client-cloudfront';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  PutImageCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateRepositoryCommand as CreatePublicRepositoryCommand,
  DescribeImagesCommand as DescribePublicImagesCommand,
  DescribeRepositoriesCommand as DescribePublicRepositoriesCommand,
  ECRPUBLICClient,
  GetAuthorizationTokenCommand as GetPublicAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr-public';
import {
  CreateClusterCommand,
  CreateExpressGatewayServiceCommand,
  CreateServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  DescribeServiceDeploymentsCommand,
  ListTasksCommand,
  TagResourceCommand as TagEcsResourceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateExpressGatewayServiceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { findRegistryBinary } from '../../local-aws/registry/docker-registry';
import type { S3Service } from '../../local-aws/services/s3';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { recordAnswers, type RecordedAnswer } from '../support/answer-recorder';
import {
  acceptorMatches,
  hasBotocore,
  loadModel,
  loadWaiters,
  parseXml,
  validateAnswer,
  xmlToObject,
} from '../support/service-model';
import { sdkModel } from '../support/sdk-service-model';
import { IAM_PREFIX, sourceOperations } from '../unit/iam/source-operations';
import { spaDistributionConfig } from './cloudfront-fixtures';

// Service-model conformance: every AWS operation the bundle's source calls is exercised against
// the local stack with a representative request, its raw HTTP answer recorded and validated
// against that operation's output shape in AWS's own service model (botocore's service-2.json;
// for operations newer than Debian's botocore, the schema compiled into the SDK v3 client). The
// validator is proven to fail on broken answers at the end.

if (process.env.CI && !hasBotocore()) {
  throw new Error('python3-botocore is missing (.ci/install-system.sh installs it)');
}
if (process.env.CI && findRegistryBinary() === undefined) {
  throw new Error('docker-registry is missing (.ci/install-system.sh installs it)');
}

/** botocore service name of each IAM prefix the bundle uses. */
const BOTOCORE_NAME: Record<string, string> = { logs: 'logs' };
const ACTIONS = ['build-push-ecr', 'deploy-apprunner', 'deploy-ecs', 'invalidate-cdn', 'run-migrations', 'sync-spa-s3', 'verify-health', 'deploy']; // prettier-ignore

const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const ACCOUNT = '123456789012';
const ROLE = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const digest = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/** Polls until `probe` answers (the stack's timers are tens of ms; the bound only ends a hang). */
async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what}: not reached within 20 s`);
}

(hasBotocore() ? describe : describe.skip)(
  'local AWS answers conform to AWS service models',
  () => {
    let stack: LocalAws;
    const answers: RecordedAnswer[] = [];
    const client = <C>(
      Client: new (config: object) => C,
      service: string,
      extra: object = {},
    ): C => {
      const made = new Client({
        region: stack.region,
        endpoint: stack.endpoint,
        credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
        maxAttempts: 1,
        ...extra,
      });
      recordAnswers(made, service, answers);
      return made;
    };

    beforeAll(async () => {
      stack = await startLocalAws({
        timings: {
          'apprunner.operation': 30,
          'apprunner.delete': 30,
          'cloudfront.invalidation': 30,
          'cloudfront.deploy': 30,
          'ecs.deployment': 50,
          'ecs.deployment.stage': 10,
          'ecs.deployment.minute': 10,
          'ecs.task.provisioning': 10,
          'ecs.task.pending': 10,
          'ecs.task.run': 60_000, // RUNNING until StopTask, however slow the poll
          'ecs.task.stopping': 10,
        },
      });
    });
    afterAll(() => stack.stop());

    let stableServices = '';
    const last = (service: string, operation: string): RecordedAnswer => {
      const found = answers.filter((a) => a.service === service && a.operation === operation && a.status < 300); // prettier-ignore
      expect(found.length).toBeGreaterThan(0);
      return found[found.length - 1]!;
    };

    function problemsOf(service: string): string[] {
      return answers
        .filter((a) => a.service === service && a.status < 300)
        .flatMap((a) => validateAnswer(modelOf(a.service, a.operation), a.operation, a));
    }
    function modelOf(service: string, operation: string): ReturnType<typeof loadModel> {
      const model = loadModel(service);
      return model.operations[operation] === undefined ? sdkModel(service, operation) : model;
    }

    it('S3 (rest-xml): objects, copies, listings, multipart uploads, batch deletes', async () => {
      const s3 = client(S3Client, 's3', { forcePathStyle: true });
      const bucket = 'conformance-site';
      stack.service<S3Service>('s3').createBucket(bucket);
      const meta = { 'content-sha256': 'abc' };
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'index.html', Body: '<html></html>', ContentType: 'text/html', CacheControl: 'no-cache', Metadata: meta })); // prettier-ignore
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'index.html' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'index.html' }));
      await got.Body?.transformToString();
      await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy.html', CopySource: `${bucket}/index.html`, MetadataDirective: 'REPLACE', CacheControl: 'max-age=60', ContentType: 'text/html' })); // prettier-ignore
      await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
      await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'nothing/' }));
      const upload = await s3.send(
        new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big.bin' }),
      );
      const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big.bin', UploadId: upload.UploadId, PartNumber: 1, Body: randomBytes(1024) })); // prettier-ignore
      await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'big.bin', UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } })); // prettier-ignore
      const aborted = await s3.send(
        new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'gone.bin' }),
      );
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'gone.bin', UploadId: aborted.UploadId })); // prettier-ignore
      // The lock object of sync-spa-s3: a conditional create, then its delete.
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: '.releases/lock.json', Body: '{}', IfNoneMatch: '*' })); // prettier-ignore
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: '.releases/lock.json' }));
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'copy.html' }, { Key: 'missing.html' }] } })); // prettier-ignore
      expect(problemsOf('s3')).toEqual([]);
    });

    it('CloudFront (rest-xml): distributions, invalidations until Completed', async () => {
      const cf = client(CloudFrontClient, 'cloudfront');
      stack.service<S3Service>('s3').createBucket('conformance-cdn');
      const created = await cf.send(new CreateDistributionCommand({ DistributionConfig: spaDistributionConfig('conformance-cdn', 'ref-conformance', ['www.example.com']) })); // prettier-ignore
      const id = created.Distribution!.Id!;
      await cf.send(new ListDistributionsCommand({}));
      const invalidation = await cf.send(new CreateInvalidationCommand({ DistributionId: id, InvalidationBatch: { CallerReference: 'run-1', Paths: { Quantity: 2, Items: ['/index.html', '/app/*'] } } })); // prettier-ignore
      await until(async () => {
        const got = await cf.send(new GetInvalidationCommand({ DistributionId: id, Id: invalidation.Invalidation!.Id! })); // prettier-ignore
        return got.Invalidation?.Status === 'Completed' ? got : undefined;
      }, 'the invalidation');
      expect(problemsOf('cloudfront')).toEqual([]);
    });

    it('App Runner (json): auto scaling, services, operations, tags, deployments, deletes', async () => {
      const ar = client(AppRunnerClient, 'apprunner');
      const scaling = await ar.send(new CreateAutoScalingConfigurationCommand({ AutoScalingConfigurationName: 'web-scaling', MinSize: 1, MaxSize: 3, MaxConcurrency: 50 })); // prettier-ignore
      const scalingArn = scaling.AutoScalingConfiguration!.AutoScalingConfigurationArn!;
      await ar.send(new DescribeAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: scalingArn })); // prettier-ignore
      await ar.send(new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: 'web-scaling' })); // prettier-ignore
      const image = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web@${digest(1)}`;
      const created = await ar.send(
        new CreateAppRunnerServiceCommand({
          ServiceName: 'conformance-web',
          SourceConfiguration: {
            ImageRepository: { ImageIdentifier: image, ImageRepositoryType: 'ECR', ImageConfiguration: { Port: '3000' } }, // prettier-ignore
            AuthenticationConfiguration: { AccessRoleArn: ROLE('apprunner-ecr-access') },
            AutoDeploymentsEnabled: false,
          },
          InstanceConfiguration: { Cpu: '0.25 vCPU', Memory: '0.5 GB' },
          HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/healthz' },
          AutoScalingConfigurationArn: scalingArn,
          Tags: [{ Key: 'app', Value: 'web' }],
        }),
      );
      const arn = created.Service!.ServiceArn!;
      const settled = async (operationId: string, status = 'SUCCEEDED'): Promise<void> => {
        await until(async () => {
          const ops = await ar.send(new ListOperationsCommand({ ServiceArn: arn }));
          const op = ops.OperationSummaryList?.find((o) => o.Id === operationId);
          return op?.Status === status ? op : undefined;
        }, `operation ${operationId} ${status}`);
      };
      await settled(created.OperationId!);
      await ar.send(new DescribeAppRunnerServiceCommand({ ServiceArn: arn }));
      await ar.send(new ListAppRunnerServicesCommand({}));
      await ar.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'web' }] })); // prettier-ignore
      await ar.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
      const updated = await ar.send(new UpdateAppRunnerServiceCommand({ ServiceArn: arn, SourceConfiguration: { ImageRepository: { ImageIdentifier: image.replace(digest(1), digest(2)), ImageRepositoryType: 'ECR', ImageConfiguration: { Port: '3000' } }, AuthenticationConfiguration: { AccessRoleArn: ROLE('apprunner-ecr-access') } } })); // prettier-ignore
      await settled(updated.OperationId!);
      const deployed = await ar.send(new StartDeploymentCommand({ ServiceArn: arn }));
      await settled(deployed.OperationId!);
      // A deployment that fails its health check rolls back (the ROLLBACK_* states).
      stack.workloads.markUnhealthy(digest(5));
      const failing = await ar.send(new UpdateAppRunnerServiceCommand({ ServiceArn: arn, SourceConfiguration: { ImageRepository: { ImageIdentifier: image.replace(digest(1), digest(5)), ImageRepositoryType: 'ECR', ImageConfiguration: { Port: '3000' } }, AuthenticationConfiguration: { AccessRoleArn: ROLE('apprunner-ecr-access') } } })); // prettier-ignore
      await settled(failing.OperationId!, 'ROLLBACK_SUCCEEDED');
      await ar.send(new DescribeAppRunnerServiceCommand({ ServiceArn: arn }));
      await ar.send(new DeleteAppRunnerServiceCommand({ ServiceArn: arn }));
      await until(async () => {
        const out = await ar.send(new ListAppRunnerServicesCommand({}));
        return out.ServiceSummaryList?.some((x) => x.ServiceArn === arn) === true ? undefined : out;
      }, 'the service deleted');
      expect(problemsOf('apprunner')).toEqual([]);
    });

    it('ECS (json): task definitions, services, Express Mode services, one-off tasks; their logs', async () => {
      const ecs = client(ECSClient, 'ecs');
      const logs = client(CloudWatchLogsClient, 'logs');
      await ecs.send(new CreateClusterCommand({ clusterName: 'conformance' }));
      await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/conformance' }));
      const image = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/api@${digest(3)}`;
      const registered = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'conformance-api',
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '256',
          memory: '512',
          executionRoleArn: ROLE('exec'),
          containerDefinitions: [
            {
              name: 'api',
              image,
              essential: true,
              portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
              environment: [{ name: 'MODE', value: 'web' }],
              logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/conformance', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'api' } }, // prettier-ignore
            },
          ],
        }),
      );
      const taskDefinition = registered.taskDefinition!.taskDefinitionArn!;
      await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }));
      const network = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } };
      await ecs.send(new CreateServiceCommand({ cluster: 'conformance', serviceName: 'api', taskDefinition, desiredCount: 1, launchType: 'FARGATE', networkConfiguration: network, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } })); // prettier-ignore
      await ecs.send(new UpdateServiceCommand({ cluster: 'conformance', service: 'api', taskDefinition, forceNewDeployment: true })); // prettier-ignore
      await until(async () => {
        const out = await ecs.send(new DescribeServicesCommand({ cluster: 'conformance', services: ['api', 'missing'] })); // prettier-ignore
        const primary = out.services?.[0]?.deployments?.find((d) => d.status === 'PRIMARY');
        return primary?.rolloutState === 'COMPLETED' ? out : undefined;
      }, 'the rollout');
      // Settled: AWS's ServicesStable waiter is checked against this answer below.
      await until(async () => {
        const out = await ecs.send(new DescribeServicesCommand({ cluster: 'conformance', services: ['api'] })); // prettier-ignore
        const api = out.services?.[0];
        if (api?.deployments?.length !== 1 || api.runningCount !== api.desiredCount)
          return undefined;
        stableServices = last('ecs', 'DescribeServices').body;
        return out;
      }, 'the service settled');
      // A rollout whose tasks fail to start: the circuit breaker fails it (rolloutState FAILED).
      // Without rollback the failed deployment stays, so the answer is seen however slow the poll.
      const badImage = image.replace(digest(3), digest(6));
      stack.workloads.markUnhealthy(badImage);
      const bad = await ecs.send(new RegisterTaskDefinitionCommand({ family: 'conformance-bad', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', executionRoleArn: ROLE('exec'), containerDefinitions: [{ name: 'api', image: badImage, essential: true }] })); // prettier-ignore
      await ecs.send(new CreateServiceCommand({ cluster: 'conformance', serviceName: 'failing', taskDefinition: bad.taskDefinition!.taskDefinitionArn!, desiredCount: 1, launchType: 'FARGATE', networkConfiguration: network, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } } })); // prettier-ignore
      await until(async () => {
        const out = await ecs.send(new DescribeServicesCommand({ cluster: 'conformance', services: ['failing'] })); // prettier-ignore
        return out.services?.[0]?.deployments?.[0]?.rolloutState === 'FAILED' ? out : undefined;
      }, 'the failed rollout');
      const run = await ecs.send(new RunTaskCommand({ cluster: 'conformance', taskDefinition, launchType: 'FARGATE', networkConfiguration: network, overrides: { containerOverrides: [{ name: 'api', command: ['migrate'] }] }, startedBy: 'conformance' })); // prettier-ignore
      const taskArn = run.tasks![0]!.taskArn!;
      await until(async () => {
        const out = await ecs.send(new DescribeTasksCommand({ cluster: 'conformance', tasks: [taskArn] })); // prettier-ignore
        return out.tasks?.[0]?.lastStatus === 'RUNNING' ? out : undefined;
      }, 'the task running');
      await ecs.send(new ListTasksCommand({ cluster: 'conformance', startedBy: 'conformance' }));
      await ecs.send(new StopTaskCommand({ cluster: 'conformance', task: taskArn, reason: 'conformance' })); // prettier-ignore
      await until(async () => {
        const out = await ecs.send(new DescribeTasksCommand({ cluster: 'conformance', tasks: [taskArn, 'arn:aws:ecs:us-east-1:123456789012:task/conformance/0000'] })); // prettier-ignore
        return out.tasks?.[0]?.lastStatus === 'STOPPED' ? out : undefined;
      }, 'the task stopped');
      await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/conformance', logStreamName: 'job/api/1' })); // prettier-ignore
      await logs.send(new PutLogEventsCommand({ logGroupName: '/ecs/conformance', logStreamName: 'job/api/1', logEvents: [{ timestamp: Date.now(), message: 'migrated' }] })); // prettier-ignore
      await logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/conformance', logStreamName: 'job/api/1', startFromHead: true })); // prettier-ignore

      const express = await ecs.send(
        new CreateExpressGatewayServiceCommand({
          serviceName: 'conformance-express',
          executionRoleArn: ROLE('exec'),
          infrastructureRoleArn: ROLE('infra'),
          primaryContainer: { image, containerPort: 8080, environment: [{ name: 'MODE', value: 'web' }] }, // prettier-ignore
          healthCheckPath: '/health',
          scalingTarget: { minTaskCount: 1, maxTaskCount: 2 },
        }),
      );
      const serviceArn = express.service!.serviceArn!;
      await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn }));
      await ecs.send(new UpdateExpressGatewayServiceCommand({ serviceArn, primaryContainer: { image: image.replace(digest(3), digest(4)) } })); // prettier-ignore
      await ecs.send(new DescribeExpressGatewayServiceCommand({ serviceArn }));

      // Tags, and a native BLUE_GREEN deployment followed through its service deployments.
      const api = await ecs.send(new DescribeServicesCommand({ cluster: 'conformance', services: ['api'] })); // prettier-ignore
      await ecs.send(new TagEcsResourceCommand({ resourceArn: api.services![0]!.serviceArn!, tags: [{ key: 'team', value: 'web' }] })); // prettier-ignore
      await ecs.send(new UpdateServiceCommand({ cluster: 'conformance', service: 'api', taskDefinition, forceNewDeployment: true, deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 } })); // prettier-ignore
      const deployed = await until(async () => {
        const out = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'conformance', service: 'api' })); // prettier-ignore
        return out.serviceDeployments?.find((d) => d.status === 'SUCCESSFUL');
      }, 'the blue/green deployment');
      await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [deployed.serviceDeploymentArn!] })); // prettier-ignore
      expect(problemsOf('ecs')).toEqual([]);
      expect(problemsOf('logs')).toEqual([]);
    });

    it('Secrets Manager and SSM (json): secret values and parameters', async () => {
      const secrets = client(SecretsManagerClient, 'secretsmanager');
      const ssm = client(SSMClient, 'ssm');
      await secrets.send(new CreateSecretCommand({ Name: 'conformance/db', SecretString: '{"password":"p"}' })); // prettier-ignore
      await secrets.send(new GetSecretValueCommand({ SecretId: 'conformance/db' }));
      await ssm.send(new PutParameterCommand({ Name: '/conformance/url', Value: 'postgres://db', Type: 'SecureString' })); // prettier-ignore
      await ssm.send(new GetParameterCommand({ Name: '/conformance/url', WithDecryption: true }));
      expect(problemsOf('secretsmanager')).toEqual([]);
      expect(problemsOf('ssm')).toEqual([]);
    });

    (findRegistryBinary() === undefined ? it.skip : it)(
      'ECR and ECR Public (json): repositories, settings, images, retags',
      async () => {
        const ecr = client(ECRClient, 'ecr');
        const token = await ecr.send(new GetAuthorizationTokenCommand({}));
        const auth = `Basic ${token.authorizationData![0]!.authorizationToken!}`;
        const registry = token.authorizationData![0]!.proxyEndpoint!.replace('http://', '');
        await ecr.send(new CreateRepositoryCommand({ repositoryName: 'conformance/web', imageTagMutability: 'MUTABLE', imageScanningConfiguration: { scanOnPush: true } })); // prettier-ignore
        await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['conformance/web'] }));
        await ecr.send(new PutImageTagMutabilityCommand({ repositoryName: 'conformance/web', imageTagMutability: 'IMMUTABLE' })); // prettier-ignore
        await ecr.send(new PutImageScanningConfigurationCommand({ repositoryName: 'conformance/web', imageScanningConfiguration: { scanOnPush: false } })); // prettier-ignore
        const policy = JSON.stringify({ rules: [{ rulePriority: 1, description: 'keep 10', selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 }, action: { type: 'expire' } }] }); // prettier-ignore
        await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'conformance/web', lifecyclePolicyText: policy })); // prettier-ignore
        await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'conformance/web' }));

        // An image pushed over the registry API, as docker push does.
        const upload = async (blob: Buffer): Promise<{ digest: string; size: number }> => {
          const blobDigest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
          const start = await fetch(`http://${registry}/v2/conformance/web/blobs/uploads/`, { method: 'POST', headers: { authorization: auth } }); // prettier-ignore
          const location = new URL(start.headers.get('location') ?? '', `http://${registry}`);
          location.searchParams.set('digest', blobDigest);
          const put = await fetch(location, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/octet-stream' }, body: blob }); // prettier-ignore
          expect(put.status).toBe(201);
          return { digest: blobDigest, size: blob.length };
        };
        const layer = await upload(randomBytes(512));
        const config = await upload(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } }))); // prettier-ignore
        const manifest = JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_V2, config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config }, layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...layer }] }); // prettier-ignore
        const pushed = await fetch(`http://${registry}/v2/conformance/web/manifests/v1`, { method: 'PUT', headers: { authorization: auth, 'content-type': DOCKER_V2 }, body: manifest }); // prettier-ignore
        expect(pushed.status).toBe(201);
        const imageDigest = pushed.headers.get('docker-content-digest') ?? '';

        await ecr.send(new DescribeImagesCommand({ repositoryName: 'conformance/web', imageIds: [{ imageTag: 'v1' }] })); // prettier-ignore
        await ecr.send(new DescribeImagesCommand({ repositoryName: 'conformance/web' }));
        const got = await ecr.send(new BatchGetImageCommand({ repositoryName: 'conformance/web', imageIds: [{ imageDigest }, { imageTag: 'absent' }], acceptedMediaTypes: [DOCKER_V2] })); // prettier-ignore
        await ecr.send(new PutImageCommand({ repositoryName: 'conformance/web', imageManifest: got.images![0]!.imageManifest!, imageManifestMediaType: DOCKER_V2, imageTag: 'release' })); // prettier-ignore

        const pub = client(ECRPUBLICClient, 'ecr-public');
        await pub.send(new GetPublicAuthorizationTokenCommand({}));
        await pub.send(new CreatePublicRepositoryCommand({ repositoryName: 'conformance-public' }));
        await pub.send(
          new DescribePublicRepositoriesCommand({ repositoryNames: ['conformance-public'] }),
        );
        await pub.send(new DescribePublicImagesCommand({ repositoryName: 'conformance-public' }));
        expect(problemsOf('ecr')).toEqual([]);
        expect(problemsOf('ecr-public')).toEqual([]);
      },
    );

    it("reaches the success states of AWS's waiters and none of their failure states", () => {
      const invalidation = last('cloudfront', 'GetInvalidation');
      const root = parseXml(invalidation.body)!;
      const invalidationAnswer = { [root.name]: xmlToObject(root) };
      for (const acceptor of loadWaiters('cloudfront').InvalidationCompleted!.acceptors) {
        expect([acceptor.state, acceptorMatches(acceptor, invalidationAnswer)]).toEqual([acceptor.state, acceptor.state === 'success']); // prettier-ignore
      }
      const tasks = JSON.parse(last('ecs', 'DescribeTasks').body) as unknown;
      for (const acceptor of loadWaiters('ecs').TasksStopped!.acceptors) {
        expect([acceptor.state, acceptorMatches(acceptor, tasks)]).toEqual([acceptor.state, acceptor.state === 'success']); // prettier-ignore
      }
      const services = JSON.parse(stableServices) as { services: { deployments: unknown[]; runningCount: number; desiredCount: number }[] }; // prettier-ignore
      for (const acceptor of loadWaiters('ecs').ServicesStable!.acceptors) {
        // The success acceptor is a JMESPath expression: every service has one deployment and
        // runs as many tasks as it wants (test/unit/repo/aws-waiters.test.ts pins the expression).
        const matches =
          acceptor.matcher === 'path' && acceptor.expected === true
            ? services.services.every((s) => s.deployments.length === 1 && s.runningCount === s.desiredCount) // prettier-ignore
            : acceptorMatches(acceptor, services);
        expect([acceptor.state, matches]).toEqual([acceptor.state, acceptor.state === 'success']);
      }
    });

    it('covers every operation the bundle calls with a successful, checked answer', () => {
      const needed = new Set(
        ACTIONS.flatMap((action) => sourceOperations(action).map((o) => o.operation)),
      );
      const prefixToService = Object.fromEntries(Object.values(IAM_PREFIX).map((p) => [p, BOTOCORE_NAME[p] ?? p])); // prettier-ignore
      const checked = new Set(
        answers.filter((a) => a.status < 300).map((a) => `${a.service}:${a.operation}`),
      );
      const missing = [...needed].filter((op) => {
        const [prefix, operation] = op.split(':') as [string, string];
        return !checked.has(`${prefixToService[prefix]}:${operation}`);
      });
      expect(missing).toEqual([]);
      expect(needed.size).toBeGreaterThan(40);
    });

    describe('the validator fails on answers that break their model', () => {
      const recorded = (service: string, operation: string, containing = ''): RecordedAnswer => {
        const answer = answers.find((a) => a.service === service && a.operation === operation && a.status < 300 && a.body.includes(containing)); // prettier-ignore
        if (answer === undefined) throw new Error(`no recorded ${service}:${operation} answer`);
        return answer;
      };
      const check = (answer: RecordedAnswer, body: string): string[] =>
        validateAnswer(modelOf(answer.service, answer.operation), answer.operation, {
          ...answer,
          body,
        });

      it('an enum value the model does not list (JSON)', () => {
        const answer = recorded('apprunner', 'ListOperations', '"SUCCEEDED"');
        expect(check(answer, answer.body)).toEqual([]);
        const broken = answer.body.replace(/"SUCCEEDED"/, '"COMPLETED"');
        expect(broken).not.toBe(answer.body);
        expect(check(answer, broken).join('\n')).toMatch(/"COMPLETED" is not one of .*SUCCEEDED/);
      });

      it('a missing required member, a wrong type (JSON)', () => {
        const answer = recorded('apprunner', 'DescribeService');
        const body = JSON.parse(answer.body) as { Service: Record<string, unknown> };
        delete body.Service.ServiceUrl;
        delete body.Service.Status;
        expect(check(answer, JSON.stringify(body))).toEqual(['DescribeService.Service.Status: required member is missing']); // prettier-ignore
        body.Service.Status = 'RUNNING';
        body.Service.InstanceConfiguration = { Cpu: 256 };
        expect(check(answer, JSON.stringify(body))).toEqual([
          'DescribeService.Service.InstanceConfiguration.Cpu: expected a string, got 256',
        ]);
        body.Service.CreatedAt = '2026-12-04T10:00:00Z';
        expect(check(answer, JSON.stringify(body))).toContain(
          'DescribeService.Service.CreatedAt: expected a timestamp (epoch seconds), got "2026-12-04T10:00:00Z"',
        );
      });

      it('a status string in the wrong case, an integer that is not one (XML)', () => {
        const answer = recorded('cloudfront', 'GetInvalidation', '<Status>Completed</Status>');
        expect(answer.body).toContain('<Status>Completed</Status>');
        expect(check(answer, answer.body)).toEqual([]);
        // CloudFront's model has no enum for Status: a wrong case is caught by the waiter test.
        const list = recorded('s3', 'ListObjectsV2');
        expect(check(list, list.body.replace(/<KeyCount>\d+<\/KeyCount>/, '<KeyCount>one</KeyCount>'))).toEqual(['ListObjectsV2.KeyCount: expected an integer, got "one"']); // prettier-ignore
        expect(check(list, list.body.replace(/<IsTruncated>(true|false)<\/IsTruncated>/, '<IsTruncated>yes</IsTruncated>'))).toEqual(['ListObjectsV2.IsTruncated: expected true or false, got "yes"']); // prettier-ignore
        const storage = check(list, list.body.replace(/<StorageClass>STANDARD<\/StorageClass>/, '<StorageClass>Standard</StorageClass>')); // prettier-ignore
        expect(storage).toHaveLength(1);
        expect(storage[0]).toMatch(
          /^ListObjectsV2\.Contents\[0\]\.StorageClass: "Standard" is not one of STANDARD, /,
        );
        expect(check(list, list.body.replace('</ListBucketResult>', '<Name>again</Name></ListBucketResult>'))).toEqual(['ListObjectsV2.Name: appears 2 times']); // prettier-ignore
      });

      it('a member no model has (JSON and XML), while members newer than botocore pass', () => {
        const answer = recorded('apprunner', 'DescribeService');
        const body = JSON.parse(answer.body) as { Service: Record<string, unknown> };
        body.Service.ServiceURL = body.Service.ServiceUrl;
        expect(check(answer, JSON.stringify(body))).toEqual(['DescribeService.Service.ServiceURL: not a member of Service']); // prettier-ignore
        // IpAddressType (NetworkConfiguration) came after Debian's botocore; the SDK schema has it.
        body.Service = { ...body.Service, NetworkConfiguration: { IpAddressType: 'IPV4' } };
        delete body.Service.ServiceURL;
        expect(check(answer, JSON.stringify(body))).toEqual([]);
        const invalidation = recorded(
          'cloudfront',
          'GetInvalidation',
          '<Status>Completed</Status>',
        );
        expect(check(invalidation, invalidation.body.replace('<Status>', '<State>x</State><Status>'))).toEqual(['GetInvalidation.Invalidation.State: not a member of Invalidation']); // prettier-ignore
      });

      it('a required member missing from an operation newer than botocore (SDK schema)', () => {
        const answer = recorded('ecs', 'DescribeExpressGatewayService');
        expect(check(answer, answer.body)).toEqual([]);
        const body = JSON.parse(answer.body) as { service: { activeConfigurations?: { primaryContainer?: { image?: string } }[] } }; // prettier-ignore
        delete body.service.activeConfigurations?.[0]?.primaryContainer?.image;
        expect(check(answer, JSON.stringify(body)).join('\n')).toMatch(/primaryContainer\.image: required member is missing/); // prettier-ignore
      });
    });
  },
);
