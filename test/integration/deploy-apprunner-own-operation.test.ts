import {
  AppRunnerClient,
  CreateServiceCommand,
  DescribeServiceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-apprunner';
import { InputReader } from '../../src/core/inputs';
import { backoffOf, deployAppRunner } from '../../src/deploy-apprunner/deploy';
import { readInputs } from '../../src/deploy-apprunner/inputs';
import { changeLines, headline, outputsFor } from '../../src/deploy-apprunner/report';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';

// deploy-apprunner reports what its own operation (matched by OperationId) deployed, even when
// another update changes the service between the end of that operation and the last read.
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web';
const ROLE = 'arn:aws:iam::123456789012:role/apprunner-ecr-access';
const image = (n: number): string => `${REPO}@sha256:${String(n).repeat(64)}`;

let stack: LocalAws;
beforeAll(async () => {
  stack = await startLocalAws({ only: ['apprunner'], timings: { 'apprunner.operation': 200 } });
});
afterAll(() => stack.stop());

it('names its own image when another update starts right after its operation ends', async () => {
  const real = new AppRunnerClient({
    region: stack.region,
    endpoint: stack.endpoint,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' },
  });
  const created = await real.send(
    new CreateServiceCommand({
      ServiceName: 'web-own-op',
      SourceConfiguration: {
        ImageRepository: { ImageIdentifier: image(1), ImageRepositoryType: 'ECR' },
        AuthenticationConfiguration: { AccessRoleArn: ROLE },
      },
    }),
  );
  const arn = created.Service?.ServiceArn ?? '';
  for (let i = 0; i < 100; i++) {
    const { Service } = await real.send(new DescribeServiceCommand({ ServiceArn: arn }));
    if (Service?.Status === 'RUNNING') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let ours = false;
  let other: string | undefined;
  // The real client, with someone else's UpdateService sent just before the action's last
  // read of the service (after its own operation ended).
  const client = {
    send: async (command: { constructor: unknown; input: unknown }) => {
      if (command instanceof UpdateServiceCommand) ours = true;
      else if (command instanceof DescribeServiceCommand && ours && other === undefined) {
        const update = await real.send(
          new UpdateServiceCommand({
            ServiceArn: arn,
            SourceConfiguration: { ImageRepository: { ImageIdentifier: image(3), ImageRepositoryType: 'ECR' } }, // prettier-ignore
          }),
        );
        other = update.OperationId;
      }
      return real.send(command as UpdateServiceCommand);
    },
    destroy: () => real.destroy(),
  } as unknown as AppRunnerClient;
  const config = readInputs(
    new InputReader(
      (name) =>
        ({
          'aws-region': stack.region,
          service: arn,
          image: image(2),
          'poll-interval': '100ms',
          'max-poll-interval': '200ms',
          timeout: '30s',
        })[name],
    ),
  );
  const outcome = await deployAppRunner(client, config, {
    backoff: backoffOf(config),
    log: () => undefined,
  });
  expect(other).toBeDefined();
  expect(outcome.operationId).not.toBe(other);
  expect(outcome.status).toBe('updated');
  expect(outputsFor(outcome)).toMatchObject({ image: image(2), 'previous-image': image(1) });
  expect(headline(outcome)).toContain(`${image(1)} -> ${image(2)}`);
  expect(outcome.note).toContain(`now runs ${image(3)}`);
  expect(changeLines(outcome).join('\n')).not.toContain(image(3));
  real.destroy();
});
