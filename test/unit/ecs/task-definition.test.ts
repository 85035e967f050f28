import { ConfigurationError } from '../../../src/core/errors';
import { describeFailure } from '../../../src/ecs/one-off-task';
import {
  normalise,
  parseTaskDefinitionFile,
  replaceImages,
  shortTaskDefinition,
} from '../../../src/ecs/task-definition';

const file = (value: unknown): string => JSON.stringify(value);

describe('task definition files', () => {
  it('accepts a register input or the describe-task-definition output, without read-only fields', () => {
    const described = {
      taskDefinition: {
        family: 'web',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
        revision: 3,
        status: 'ACTIVE',
        registeredAt: '2026-01-01T00:00:00Z',
        containerDefinitions: [{ name: 'app', image: 'a' }],
      },
    };
    const parsed = parseTaskDefinitionFile(file(described), 'task-definition', 'td.json');
    expect(parsed).toEqual({ family: 'web', containerDefinitions: [{ name: 'app', image: 'a' }] });
  });

  it.each([
    ['{"family": "web", ', /"td.json" is not valid JSON/],
    ['[]', /must hold a JSON object/],
    [file({ containerDefinitions: [{ name: 'a' }] }), /has no "family"/],
    [file({ family: 'web', containerDefinitions: [] }), /has no "containerDefinitions" list/],
    [
      file({ family: 'web', containerDefinitions: [{ image: 'x' }] }),
      /containerDefinitions\[0\] has no "name"/,
    ],
  ])('rejects %s as a ConfigurationError naming the input', (text, message) => {
    let error: unknown;
    try {
      parseTaskDefinitionFile(text, 'task-definition', 'td.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^Input 'task-definition': /);
    expect((error as Error).message).toMatch(message);
  });

  it('replaces the images of several containers and refuses unknown ones', () => {
    const definition = {
      family: 'shop',
      containerDefinitions: [
        { name: 'nginx', image: 'nginx:1' },
        { name: 'web', image: 'web:1' },
        { name: 'api', image: 'api:1' },
      ],
    };
    const { definition: next, changes } = replaceImages(
      definition,
      new Map([
        ['api', 'api:2'],
        ['web', 'web:2'],
      ]),
      'images',
    );
    expect(next.containerDefinitions?.map((c) => c.image)).toEqual(['nginx:1', 'web:2', 'api:2']);
    expect(changes).toEqual([
      { container: 'web', previous: 'web:1', image: 'web:2' },
      { container: 'api', previous: 'api:1', image: 'api:2' },
    ]);
    expect(definition.containerDefinitions[1]?.image).toBe('web:1');
    expect(() => replaceImages(definition, new Map([['worker', 'w:1']]), 'images')).toThrow(
      /Input 'images': container "worker" is not in task definition "shop"; its containers are "nginx", "web", "api"/,
    );
  });

  it('normalises away ECS defaults, read-only fields and list order, but not real changes', () => {
    const mine = {
      family: 'web',
      containerDefinitions: [
        {
          name: 'app',
          image: 'a',
          environment: [
            { name: 'B', value: '2' },
            { name: 'A', value: '1' },
          ],
        },
      ],
    };
    const registered = {
      family: 'web',
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
      revision: 1,
      status: 'ACTIVE',
      volumes: [],
      placementConstraints: [],
      compatibilities: ['EC2'],
      containerDefinitions: [
        {
          name: 'app',
          image: 'a',
          essential: true,
          cpu: 0,
          mountPoints: [],
          portMappings: [],
          environment: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
      ],
    };
    expect(normalise(mine)).toBe(normalise(registered));
    const changed = {
      ...mine,
      containerDefinitions: [{ ...mine.containerDefinitions[0], image: 'b' }],
    };
    expect(normalise(changed)).not.toBe(normalise(registered));
    expect(shortTaskDefinition(registered.taskDefinitionArn)).toBe('web:1');
  });
});

describe('describeFailure', () => {
  const essential = new Set(['app']);
  it('passes when every essential container exited 0, whatever the sidecars did', () => {
    expect(
      describeFailure(
        {
          stopCode: 'EssentialContainerExited',
          containers: [
            { name: 'app', exitCode: 0 },
            { name: 'side', exitCode: 137 },
          ],
        },
        essential,
      ),
    ).toBeUndefined();
  });
  it('names non-zero and missing exit codes and failure stop codes', () => {
    expect(
      describeFailure(
        {
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
          containers: [{ name: 'app', exitCode: 1 }],
        },
        essential,
      ),
    ).toBe(
      'container app exited with code 1 (stopped: EssentialContainerExited: Essential container in task exited)',
    );
    expect(
      describeFailure(
        {
          stopCode: 'TaskFailedToStart',
          stoppedReason: 'CannotPullContainerError: not found',
          containers: [{ name: 'app', reason: 'CannotPullContainerError' }],
        },
        essential,
      ),
    ).toMatch(
      /^container app has no exit code \(CannotPullContainerError\) \(stopped: TaskFailedToStart: CannotPullContainerError: not found\)$/,
    );
    expect(
      describeFailure(
        { stopCode: 'SpotInterruption', containers: [{ name: 'app', exitCode: 0 }] },
        essential,
      ),
    ).toBe('stopped: SpotInterruption');
  });
});
