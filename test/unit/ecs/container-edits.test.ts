import { applyContainerEdits, type ContainerEdits } from '../../../src/ecs/container-edits';
import type { TaskDefinitionInput } from '../../../src/ecs/task-definition';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';
const base: TaskDefinitionInput = {
  family: 'shop',
  containerDefinitions: [
    {
      name: 'web',
      image: 'w',
      environment: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      secrets: [{ name: 'OLD', valueFrom: SECRET }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/old', 'awslogs-stream-prefix': 'web' },
      },
    },
    { name: 'sidecar', image: 's', command: ['run'] },
  ],
};
const edits = (more: Partial<ContainerEdits>): ContainerEdits => ({
  container: 'web',
  environment: new Map(),
  secrets: new Map(),
  ...more,
});

describe('container edits', () => {
  it('merges variables and secrets by name and keeps the others', () => {
    const out = applyContainerEdits(
      base,
      edits({
        environment: new Map([
          ['B', 'two'],
          ['C', '3'],
        ]),
        secrets: new Map([['DB', SECRET]]),
      }),
    );
    const web = out.containerDefinitions?.[0];
    expect(web?.environment).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
    expect(web?.secrets).toEqual([
      { name: 'OLD', valueFrom: SECRET },
      { name: 'DB', valueFrom: SECRET },
    ]);
    expect(out.containerDefinitions?.[1]).toBe(base.containerDefinitions?.[1]);
    expect(base.containerDefinitions?.[0]?.environment).toHaveLength(2);
  });

  it('replaces the command and the log group, keeping the other awslogs options', () => {
    const out = applyContainerEdits(
      base,
      edits({ command: ['node', 'a.js'], logGroup: '/ecs/new', logRegion: 'eu-west-1' }),
    );
    expect(out.containerDefinitions?.[0]).toMatchObject({
      command: ['node', 'a.js'],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/new',
          'awslogs-stream-prefix': 'web',
          'awslogs-region': 'eu-west-1',
        },
      },
    });
  });

  it('gives a container without logs an awslogs configuration and registry credentials', () => {
    const out = applyContainerEdits(
      base,
      edits({
        container: 'sidecar',
        logGroup: '/ecs/side',
        logRegion: 'us-east-1',
        repositoryCredentials: SECRET,
      }),
    );
    expect(out.containerDefinitions?.[1]).toMatchObject({
      repositoryCredentials: { credentialsParameter: SECRET },
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/side',
          'awslogs-stream-prefix': 'sidecar',
          'awslogs-region': 'us-east-1',
        },
      },
    });
  });

  it('refuses an unknown container, naming the input and the containers', () => {
    expect(() => applyContainerEdits(base, edits({ container: 'api' }))).toThrow(
      `Input 'container': container "api" is not in task definition "shop"; its containers are "web", "sidecar"`,
    );
  });

  it('refuses a stream prefix for a container with no log group', () => {
    expect(() =>
      applyContainerEdits(base, edits({ container: 'sidecar', logStreamPrefix: 'x' })),
    ).toThrow("Input 'log-stream-prefix'");
  });
});
