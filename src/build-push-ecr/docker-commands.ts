import type { BuildOptions } from './inputs';

/** Command lines for the docker CLI, built as argument arrays (never through a shell). */

/** The environment variable a build secret travels in (never on the command line). */
export function secretEnvName(id: string): string {
  return `BUILD_SECRET_${id.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}

/** `docker buildx build --push`: every tag, platforms, args, secrets, cache, attestations. */
export function buildxCommand(
  build: BuildOptions,
  refs: readonly string[],
  metadataFile: string,
): { args: string[]; env: Record<string, string> } {
  const args = [
    'buildx',
    'build',
    '--push',
    '--metadata-file',
    metadataFile,
    '--file',
    build.dockerfile,
  ];
  for (const ref of refs) args.push('--tag', ref);
  if (build.platforms.length > 0) args.push('--platform', build.platforms.join(','));
  for (const [key, value] of build.buildArgs) args.push('--build-arg', `${key}=${value}`);
  const env: Record<string, string> = {};
  for (const [id, value] of build.secrets) {
    const name = secretEnvName(id);
    args.push('--secret', `id=${id},env=${name}`);
    env[name] = value;
  }
  if (build.target !== undefined) args.push('--target', build.target);
  for (const cache of build.cacheFrom) args.push('--cache-from', cache);
  for (const cache of build.cacheTo) args.push('--cache-to', cache);
  args.push(`--provenance=${String(build.provenance)}`, `--sbom=${String(build.sbom)}`);
  args.push(build.context);
  return { args, env };
}

/** `docker build` (legacy builder, no buildx): one platform at most, no secrets, no cache export. */
export function legacyBuildCommand(build: BuildOptions, refs: readonly string[]): string[] {
  const args = ['build', '--file', build.dockerfile];
  for (const ref of refs) args.push('--tag', ref);
  const platform = build.platforms[0];
  if (platform !== undefined) args.push('--platform', platform);
  for (const [key, value] of build.buildArgs) args.push('--build-arg', `${key}=${value}`);
  if (build.target !== undefined) args.push('--target', build.target);
  args.push(build.context);
  return args;
}

/** The digest `docker push` reports for a tag: "TAG: digest: sha256:... size: N". */
export function parsePushDigest(output: string, tag: string): string | undefined {
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|\\s)${escaped}: digest: (sha256:[a-f0-9]{64})`, 'm').exec(output);
  return match?.[1];
}

/** The pushed digest buildx writes to its metadata file. */
export function parseBuildxMetadata(text: string): string | undefined {
  try {
    const digest = (JSON.parse(text) as Record<string, unknown>)['containerimage.digest'];
    return typeof digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : undefined;
  } catch {
    return undefined;
  }
}

/** Registry failures worth another push: throttling, 5xx, resets, timeouts. */
export function isTransientRegistryFailure(output: string): boolean {
  if (
    /TAG_INVALID|immutable|denied|unauthorized|NAME_UNKNOWN|name unknown|manifest invalid/i.test(
      output,
    )
  ) {
    return false;
  }
  return /toomanyrequests|too many requests|\b429\b|\b5\d\d\b|internal server error|service unavailable|bad gateway|connection reset|broken pipe|unexpected EOF|\bEOF\b|i\/o timeout|timeout|ECONNRESET|connection refused|TLS handshake/i.test(
    output,
  );
}

/** An immutable tag refused by the registry on push. */
export function isImmutableTagRefusal(output: string): boolean {
  return /TAG_INVALID|cannot be overwritten because the repository is immutable/i.test(output);
}
