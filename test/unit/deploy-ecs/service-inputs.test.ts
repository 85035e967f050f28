import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputReader } from '../../../src/core/inputs';
import { readInputs } from '../../../src/deploy-ecs/inputs';

const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'a'.repeat(64)}`;
const ROLE = 'arn:aws:iam::123456789012:role/r';
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';
const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop:7';
const work = mkdtempSync(path.join(os.tmpdir(), 'deploy-ecs-service-inputs-'));
writeFileSync(
  path.join(work, 'td.json'),
  JSON.stringify({ family: 'shop', containerDefinitions: [{ name: 'web', image: 'w' }] }),
);

const read = (values: Record<string, string>) =>
  readInputs(new InputReader((name) => ({ 'aws-region': 'eu-west-1', ...values })[name]), work);
const service = { mode: 'service', service: 'shop' };

describe('deploy-ecs service settings and container edits', () => {
  it('reads container edits without an image, with the region for awslogs', () => {
    const config = read({
      ...service,
      container: 'web',
      environment: 'LOG_LEVEL=debug',
      secrets: `DB=${SECRET}`,
      command: 'node server.js --port 80',
      'log-group': '/ecs/shop',
      'repository-credentials': SECRET,
    });
    expect(config).toMatchObject({
      mode: 'service',
      images: new Map(),
      edits: {
        container: 'web',
        environment: new Map([['LOG_LEVEL', 'debug']]),
        secrets: new Map([['DB', SECRET]]),
        command: ['node', 'server.js', '--port', '80'],
        logGroup: '/ecs/shop',
        logRegion: 'eu-west-1',
        repositoryCredentials: SECRET,
      },
      update: { forceNewDeployment: false, tags: new Map() },
    });
  });

  it('reads the service settings and tags', () => {
    const config = read({
      ...service,
      'force-new-deployment': 'true',
      'desired-count': '0',
      'propagate-tags': 'SERVICE',
      'enable-execute-command': 'false',
      tags: 'team=shop\ncost-centre=42',
    });
    expect(config).toMatchObject({
      update: {
        forceNewDeployment: true,
        desiredCount: 0,
        propagateTags: 'SERVICE',
        enableExecuteCommand: false,
        tags: new Map([
          ['team', 'shop'],
          ['cost-centre', '42'],
        ]),
      },
    });
  });

  it('deploys a registered task definition ARN as it is', () => {
    expect(read({ ...service, 'task-definition': TD_ARN })).toMatchObject({
      taskDefinitionRef: TD_ARN,
      images: new Map(),
    });
    expect(read({ ...service, 'task-definition': 'shop:3' })).toMatchObject({
      taskDefinitionRef: 'shop:3',
    });
  });

  it('reads the Express primary container settings and tags', () => {
    const config = read({
      service: 'web',
      image: IMAGE,
      'execution-role-arn': ROLE,
      'infrastructure-role-arn': ROLE,
      command: '["node","server.js"]',
      'log-group': '/ecs/web',
      'repository-credentials': SECRET,
      tags: 'team=web',
    });
    expect(config).toMatchObject({
      mode: 'express',
      command: ['node', 'server.js'],
      logs: { logGroup: '/ecs/web', logStreamPrefix: 'ecs' },
      repositoryCredentials: SECRET,
      tags: new Map([['team', 'web']]),
    });
  });

  it.each([
    [{ ...service, 'desired-count': '-1' }, "Input 'desired-count'"],
    [{ ...service, 'desired-count': 'two' }, "Input 'desired-count'"],
    [{ ...service, 'force-new-deployment': 'yes please' }, "Input 'force-new-deployment'"],
    [{ ...service, 'force-new-deployment': 'ture' }, "Input 'force-new-deployment'"],
    [
      { ...service, image: IMAGE, container: 'web', 'propagate-tags': 'TASK' },
      "Input 'propagate-tags'",
    ],
    [
      { ...service, image: IMAGE, container: 'web', 'enable-execute-command': 'on?' },
      "Input 'enable-execute-command'",
    ],
    [
      { ...service, image: IMAGE, container: 'web', tags: 'aws:owner=me' },
      'Input \'tags\': tag key "aws:owner": the aws: prefix is reserved',
    ],
    [
      { ...service, image: IMAGE, container: 'web', tags: 'team' },
      "Input 'tags': line 1 must look like KEY=value",
    ],
    [
      { ...service, image: IMAGE, container: 'web', tags: `x=${'v'.repeat(257)}` },
      'Input \'tags\': the value of tag "x"',
    ],
    [{ ...service, environment: 'A=1' }, "Input 'container': is required"],
    [{ ...service, container: 'web', secrets: 'DB=plain' }, "Input 'secrets': DB must reference"],
    [{ ...service, container: 'web', command: '["unclosed"' }, "Input 'command'"],
    [{ ...service, container: 'web', 'log-group': 'bad group*' }, "Input 'log-group'"],
    [
      {
        ...service,
        container: 'web',
        'repository-credentials': 'arn:aws:ssm:us-east-1:123456789012:parameter/x',
      },
      "Input 'repository-credentials'",
    ],
    [
      { ...service, 'task-definition': 'td.json', container: 'api', environment: 'A=1' },
      'Input \'container\': container "api" is not in the task definition file',
    ],
    [
      { ...service, 'task-definition': TD_ARN, image: IMAGE, container: 'web' },
      'Input \'task-definition\': "arn:aws:ecs:us-east-1:123456789012:task-definition/shop:7" is a registered task definition, deployed as it is',
    ],
    [
      { ...service, 'task-definition': 'shop:3', environment: 'A=1', container: 'web' },
      "Input 'task-definition'",
    ],
    [
      { ...service, 'task-definition': 'missing.json' },
      'Input \'task-definition\': file "missing.json" does not exist',
    ],
    [service, "Input 'image': nothing to deploy"],
    [
      {
        service: 'web',
        image: IMAGE,
        'execution-role-arn': ROLE,
        'infrastructure-role-arn': ROLE,
        'log-stream-prefix': 'web',
      },
      "Input 'log-stream-prefix': Express Mode needs log-group",
    ],
  ])('refuses %j', (values, message) => {
    expect(() => read(values)).toThrow(message);
  });
});
