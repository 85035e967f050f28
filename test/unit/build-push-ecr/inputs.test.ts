import path from 'node:path';
import { readInputs } from '../../../src/build-push-ecr/inputs';
import { ConfigurationError } from '../../../src/core/errors';
import { InputReader } from '../../../src/core/inputs';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const SHA = '0123456789abcdef0123456789abcdef01234567';
const env = { GITHUB_SHA: SHA, GITHUB_WORKSPACE: repoRoot, AWS_REGION: 'eu-west-1' };

function read(inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const source = (name: string): string | undefined => inputs[name];
  const saved = process.env.AWS_REGION;
  process.env.AWS_REGION = 'eu-west-1';
  try {
    return readInputs(new InputReader(source), { ...env, ...extraEnv });
  } finally {
    if (saved === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = saved;
  }
}

const base = { repository: 'team/api', context: 'test/fixtures/images/hello' };

function expectConfigError(
  inputs: Record<string, string>,
  input: string,
  message: RegExp,
  extraEnv = {},
): void {
  let caught: unknown;
  try {
    read(inputs, extraEnv);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigurationError);
  expect((caught as ConfigurationError).input).toBe(input);
  expect((caught as Error).message).toMatch(message);
}

describe('build-push-ecr inputs', () => {
  it('builds with the commit SHA first, then the extra tags, once each', () => {
    const config = read({ ...base, tags: 'main\nlatest, main' });
    expect(config.tags).toEqual([SHA, 'main', 'latest']);
    expect(config.commitTag).toBe(SHA);
    expect(config.mode).toMatchObject({
      kind: 'build',
      skipExisting: true,
      build: {
        context: path.join(repoRoot, 'test/fixtures/images/hello'),
        dockerfile: path.join(repoRoot, 'test/fixtures/images/hello/Dockerfile'),
        provenance: false,
        sbom: false,
      },
    });
    expect(config.logout).toBe(true);
    expect(config.repositorySettings).toEqual({ create: false });
  });

  it('prefixes the commit tag for several images in one repository', () => {
    const config = read({ ...base, 'tag-prefix': 'frontend-', tags: 'latest' });
    expect(config.tags).toEqual([`frontend-${SHA}`, 'latest']);
    expect(config.commitTag).toBe(`frontend-${SHA}`);
    expectConfigError(
      { ...base, 'tag-prefix': 'bad prefix' },
      'tag-prefix',
      /expected a tag prefix/,
    );
  });

  it('offers ECR Public without the settings and the promote mode it lacks', () => {
    expect(read({ ...base, 'registry-type': 'public' }).registryType).toBe('public');
    expect(read(base).registryType).toBe('private');
    expectConfigError(
      { ...base, 'registry-type': 'pubic' },
      'registry-type',
      /expected one of private, public/,
    );
    expectConfigError(
      { ...base, 'registry-type': 'public', 'create-repository': 'true', 'keep-images': '3' },
      'keep-images',
      /not a setting of ECR Public repositories/,
    );
    expectConfigError(
      { repository: 'team/api', 'registry-type': 'public', 'source-tag': SHA, tags: 'prod' },
      'source-tag',
      /needs private ECR/,
    );
  });

  it('reads repository settings only together with create-repository', () => {
    const config = read({
      ...base,
      'create-repository': 'true',
      'image-tag-mutability': 'IMMUTABLE',
      'scan-on-push': 'true',
      'keep-images': '30',
    });
    expect(config.repositorySettings).toEqual({
      create: true,
      tagMutability: 'IMMUTABLE',
      scanOnPush: true,
      keepImages: 30,
    });
    expectConfigError(
      { ...base, 'keep-images': '30' },
      'keep-images',
      /only with create-repository: true/,
    );
    expectConfigError(
      { ...base, 'create-repository': 'ture' },
      'create-repository',
      /expected true or false/,
    );
    expectConfigError(
      { ...base, 'create-repository': 'true', 'keep-images': '0' },
      'keep-images',
      /from 1 to 10000/,
    );
  });

  it('rejects bad tags, platforms, repositories, Dockerfiles and build args', () => {
    expectConfigError({ ...base, tags: 'ok, -bad' }, 'tags', /"-bad" is not a valid image tag/);
    expectConfigError({ ...base, tags: 'a'.repeat(129) }, 'tags', /not a valid image tag/);
    expectConfigError(
      { ...base, platforms: 'linux/amd64,linux' },
      'platforms',
      /"linux" is not a platform/,
    );
    expectConfigError({ ...base, platforms: 'linux/arm64/v9' }, 'platforms', /not a platform/);
    expectConfigError(
      { ...base, repository: 'Team/API' },
      'repository',
      /not a valid ECR repository name/,
    );
    expectConfigError(
      { ...base, repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app' },
      'repository',
      /give the repository name \(e.g. my-team\/backend\), not an image URI/,
    );
    expectConfigError(
      { ...base, context: 'test/fixtures/images' },
      'dockerfile',
      /no Dockerfile at/,
    );
    expectConfigError({ ...base, context: 'nope/nowhere' }, 'context', /is not a directory/);
    expectConfigError(
      { ...base, 'build-args': 'GOOD=1\n9BAD=2' },
      'build-args',
      /"9BAD" is not a valid build argument name/,
    );
    expectConfigError(
      { ...base, 'cache-from': 'type=gha,mode=max\noops spaces' },
      'cache-from',
      /not a cache spec/,
    );
  });

  it('reads one cache spec per line, commas included', () => {
    const config = read({
      ...base,
      'cache-from': 'type=gha',
      'cache-to': 'type=gha,mode=max\ntype=inline',
    });
    expect(config.mode).toMatchObject({
      build: { cacheFrom: ['type=gha'], cacheTo: ['type=gha,mode=max', 'type=inline'] },
    });
  });

  it('keeps build secrets out of error messages', () => {
    let message = '';
    try {
      read({ ...base, 'build-secrets': 'token=abc\nnot-a-pair-s3cr3t' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Input 'build-secrets': line 2 must look like KEY=value/);
    expect(message).not.toContain('s3cr3t');
  });

  it('requires a commit SHA to build', () => {
    let caught: unknown;
    try {
      read(base, { GITHUB_SHA: '' });
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).toMatch(/GITHUB_SHA must be a 40-character commit SHA/);
  });

  it('promotes by source tag or digest, with tags required and build inputs refused', () => {
    const config = read({ repository: 'team/api', 'source-tag': SHA, tags: 'prod-42' });
    expect(config.mode).toEqual({ kind: 'promote', source: { imageTag: SHA } });
    expect(config.tags).toEqual(['prod-42']);
    expectConfigError(
      { repository: 'team/api', 'source-tag': SHA },
      'tags',
      /required when promoting/,
    );
    expectConfigError(
      { repository: 'team/api', 'source-digest': 'sha256:abc', tags: 'x' },
      'source-digest',
      /expected a digest/,
    );
    expectConfigError(
      { repository: 'team/api', 'source-tag': SHA, tags: 'x', platforms: 'linux/amd64' },
      'platforms',
      /builds nothing/,
    );
  });
});
