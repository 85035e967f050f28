import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputReader } from '../../../src/core/inputs';
import { parseCommand, readInputs } from '../../../src/deploy-ecs/inputs';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'a'.repeat(64)}`;
const work = mkdtempSync(path.join(os.tmpdir(), 'deploy-ecs-inputs-'));
writeFileSync(
  path.join(work, 'td.json'),
  JSON.stringify({
    family: 'shop',
    containerDefinitions: [
      { name: 'web', image: 'w' },
      { name: 'api', image: 'a' },
    ],
  }),
);

const read = (values: Record<string, string>) =>
  readInputs(new InputReader((name) => ({ 'aws-region': 'us-east-1', ...values })[name]), work);
const express = {
  service: 'web',
  image: IMAGE,
  'execution-role-arn': ROLE,
  'infrastructure-role-arn': ROLE,
};

describe('deploy-ecs inputs', () => {
  it('reads an Express Mode deploy with defaults', () => {
    const config = read({
      ...express,
      cpu: '1024',
      memory: '3072',
      'scaling-metric': 'requests',
      'min-tasks': '2',
    });
    expect(config).toMatchObject({
      mode: 'express',
      cluster: 'default',
      cpu: '1024',
      memory: '3072',
      scaling: { minTaskCount: 2, metric: 'REQUEST_COUNT_PER_TARGET' },
      wait: { timeoutMs: 30 * 60_000, pollIntervalMs: 5000 },
    });
  });

  it.each([
    [{ ...express, 'infrastructure-role-arn': '' }, "Input 'infrastructure-role-arn': is required"],
    [
      { ...express, 'execution-role-arn': 'arn:aws:iam::123456789012:user/me' },
      "Input 'execution-role-arn': expected an IAM role ARN",
    ],
    [
      { ...express, memory: '512', cpu: '1024' },
      "Input 'memory': 512 MiB is not a Fargate size for 1024 CPU units",
    ],
    [
      { ...express, secrets: 'DB=arn:aws:s3:::bucket/key' },
      "Input 'secrets': DB must reference a Secrets Manager secret or SSM parameter ARN",
    ],
    [{ ...express, image: 'not an image' }, "Input 'image': expected an image reference"],
    [
      { ...express, 'min-tasks': '3', 'max-tasks': '2' },
      "Input 'max-tasks': must be at least min-tasks",
    ],
    [{ mode: 'service', service: 'shop' }, "Input 'image': nothing to deploy"],
    [
      { mode: 'service', service: 'shop', image: IMAGE },
      "Input 'container': is required with image",
    ],
    [
      { mode: 'service', service: 'shop', 'task-definition': 'td.json', images: `worker=${IMAGE}` },
      `Input 'container': container "worker" is not in the task definition file`,
    ],
    [
      {
        mode: 'service',
        service: 'shop',
        'task-definition': 'missing.json',
        image: IMAGE,
        container: 'web',
      },
      'Input \'task-definition\': file "missing.json" does not exist',
    ],
    [
      { mode: 'task', container: 'app', 'task-definition': 'migrate' },
      "Input 'subnets': a one-off task needs subnets",
    ],
    [
      { mode: 'task', container: 'app', subnets: 'subnet-1' },
      "Input 'task-definition': a one-off task needs a task definition",
    ],
    [
      {
        mode: 'task',
        container: 'app',
        service: 'api',
        'launch-type': 'FARGATE',
        'capacity-provider': 'FARGATE_SPOT',
      },
      "Input 'capacity-provider': set launch-type or capacity-provider, not both",
    ],
    [{ mode: 'deploy' }, "Input 'mode': expected one of express, service, task"],
  ])('rejects %j', (values, message) => {
    expect(() => read(values)).toThrow(message);
  });

  it('reads a multi-container service deploy from a file', () => {
    const config = read({
      mode: 'service',
      service: 'shop',
      'task-definition': 'td.json',
      images: `web=${IMAGE}\napi=${IMAGE}`,
    });
    expect(config).toMatchObject({
      mode: 'service',
      taskDefinitionFile: { path: 'td.json', definition: { family: 'shop' } },
    });
    expect(config.mode === 'service' && [...config.images.keys()]).toEqual(['web', 'api']);
  });

  it('reads a one-off task copying a service network, with a family reference', () => {
    expect(
      read({
        mode: 'task',
        service: 'api',
        container: 'app',
        'task-definition': 'migrate:3',
        command: '["npm","run","migrate"]',
      }),
    ).toMatchObject({
      mode: 'task',
      service: 'api',
      taskDefinitionRef: 'migrate:3',
      command: ['npm', 'run', 'migrate'],
    });
  });

  it('splits commands like a shell and refuses broken ones', () => {
    expect(parseCommand(`sh -c 'echo "hi there"' x`)).toEqual(['sh', '-c', 'echo "hi there"', 'x']);
    expect(parseCommand('a "" b')).toEqual(['a', '', 'b']);
    expect(() => parseCommand('echo "open')).toThrow("Input 'command': has an unclosed \" quote");
    expect(() => parseCommand('[1, 2]')).toThrow('must be a non-empty JSON array of strings');
  });
});
