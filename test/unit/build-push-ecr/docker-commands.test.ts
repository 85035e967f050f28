import {
  buildxCommand,
  isImmutableTagRefusal,
  isTransientRegistryFailure,
  legacyBuildCommand,
  parseBuildxMetadata,
  parsePushDigest,
  secretEnvName,
} from '../../../src/build-push-ecr/docker-commands';
import type { BuildOptions } from '../../../src/build-push-ecr/inputs';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function options(overrides: Partial<BuildOptions> = {}): BuildOptions {
  return {
    context: '/w/app',
    dockerfile: '/w/app/Dockerfile',
    buildArgs: new Map(),
    secrets: new Map(),
    platforms: [],
    cacheFrom: [],
    cacheTo: [],
    provenance: false,
    sbom: false,
    ...overrides,
  };
}

describe('buildx command', () => {
  it('pushes every tag with platforms, args, target, cache and attestation switches', () => {
    const { args, env } = buildxCommand(
      options({
        platforms: ['linux/amd64', 'linux/arm64'],
        buildArgs: new Map([['VERSION', '1.2.3']]),
        target: 'runtime',
        cacheFrom: ['type=gha'],
        cacheTo: ['type=gha,mode=max'],
        provenance: true,
      }),
      ['r/app:abc', 'r/app:latest'],
      '/tmp/meta.json',
    );
    expect(args).toEqual([
      'buildx',
      'build',
      '--push',
      '--metadata-file',
      '/tmp/meta.json',
      '--file',
      '/w/app/Dockerfile',
      '--tag',
      'r/app:abc',
      '--tag',
      'r/app:latest',
      '--platform',
      'linux/amd64,linux/arm64',
      '--build-arg',
      'VERSION=1.2.3',
      '--target',
      'runtime',
      '--cache-from',
      'type=gha',
      '--cache-to',
      'type=gha,mode=max',
      '--provenance=true',
      '--sbom=false',
      '/w/app',
    ]);
    expect(env).toEqual({});
  });

  it('passes build secrets through the environment, never on the command line', () => {
    const { args, env } = buildxCommand(
      options({ secrets: new Map([['npm-token', 's3cr3t-value']]) }),
      ['r/app:abc'],
      '/m',
    );
    expect(args.join(' ')).not.toContain('s3cr3t-value');
    expect(args).toContain('id=npm-token,env=BUILD_SECRET_NPM_TOKEN');
    expect(env).toEqual({ BUILD_SECRET_NPM_TOKEN: 's3cr3t-value' });
    expect(secretEnvName('a.b-c')).toBe('BUILD_SECRET_A_B_C');
  });

  it('turns attestations off by default (a plain image manifest, not an OCI index)', () => {
    const { args } = buildxCommand(options(), ['r/app:abc'], '/m');
    expect(args).toEqual(expect.arrayContaining(['--provenance=false', '--sbom=false']));
  });
});

describe('legacy build command', () => {
  it('builds every tag for at most one platform', () => {
    expect(
      legacyBuildCommand(
        options({ platforms: ['linux/arm64'], buildArgs: new Map([['A', 'b=c']]), target: 't' }),
        ['r/app:abc', 'r/app:main'],
      ),
    ).toEqual([
      'build',
      '--file',
      '/w/app/Dockerfile',
      '--tag',
      'r/app:abc',
      '--tag',
      'r/app:main',
      '--platform',
      'linux/arm64',
      '--build-arg',
      'A=b=c',
      '--target',
      't',
      '/w/app',
    ]);
  });
});

describe('reading digests', () => {
  it('reads the digest docker push reports for the tag', () => {
    const output = `The push refers to repository [localhost:5000/app]\nabc: digest: ${DIGEST} size: 737\n`;
    expect(parsePushDigest(output, 'abc')).toBe(DIGEST);
    expect(parsePushDigest(output, 'other')).toBeUndefined();
    expect(parsePushDigest(`v1.2: digest: ${DIGEST} size: 1`, 'v1.2')).toBe(DIGEST);
    expect(parsePushDigest(`v1x2: digest: ${DIGEST} size: 1`, 'v1.2')).toBeUndefined();
  });

  it('reads the pushed digest from buildx metadata', () => {
    expect(parseBuildxMetadata(JSON.stringify({ 'containerimage.digest': DIGEST }))).toBe(DIGEST);
    expect(parseBuildxMetadata('{}')).toBeUndefined();
    expect(parseBuildxMetadata('not json')).toBeUndefined();
  });
});

describe('classifying registry failures', () => {
  it.each([
    'received unexpected HTTP status: 503 Service Unavailable',
    'toomanyrequests: Rate exceeded',
    'read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer',
    'Put "http://r/v2/app/manifests/x": EOF',
    'net/http: TLS handshake timeout',
  ])('retries %j', (output) => expect(isTransientRegistryFailure(output)).toBe(true));

  it.each([
    "tag invalid: The image tag 'x' already exists in the 'app' repository and cannot be overwritten because the repository is immutable.",
    'denied: Your authorization token has expired',
    'name unknown: The repository with name app does not exist',
    'unauthorized: authentication required (500 in the text does not matter)',
  ])('does not retry %j', (output) => expect(isTransientRegistryFailure(output)).toBe(false));

  it('recognises an immutable tag refusal', () => {
    expect(isImmutableTagRefusal('tag invalid: TAG_INVALID')).toBe(true);
    expect(isImmutableTagRefusal('cannot be overwritten because the repository is immutable')).toBe(
      true,
    );
    expect(isImmutableTagRefusal('503 Service Unavailable')).toBe(false);
  });
});
