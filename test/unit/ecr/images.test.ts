import { BatchGetImageCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { getManifests } from '../../../src/ecr/images';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;
const MANIFEST_A = '{"schemaVersion":2,"a":1}';
const MANIFEST_B = '{"schemaVersion":2,"b":1}';

/** An ECR client whose BatchGetImage answers with `images` (and `failures`), whatever was asked. */
function answering(images: { imageDigest: string; imageTag?: string; manifest: string }[], failures: unknown[] = []) {
  const sent: unknown[] = [];
  const ecr = {
    send: (command: unknown) => {
      expect(command).toBeInstanceOf(BatchGetImageCommand);
      sent.push((command as BatchGetImageCommand).input);
      return Promise.resolve({
        images: images.map((i) => ({
          imageId: { imageDigest: i.imageDigest, ...(i.imageTag === undefined ? {} : { imageTag: i.imageTag }) },
          imageManifest: i.manifest,
          imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        })),
        failures,
      });
    },
  } as unknown as ECRClient;
  return { ecr, sent };
} // prettier-ignore

describe('getManifests matches BatchGetImage answers to what was asked', () => {
  it('finds an image asked for by digest when the answer also echoes one of its tags', async () => {
    const { ecr } = answering([{ imageDigest: DIGEST_A, imageTag: 'v1', manifest: MANIFEST_A }]);
    const found = await getManifests(ecr, 'repo', [{ imageDigest: DIGEST_A }]);
    expect(found.get(DIGEST_A)).toEqual(
      expect.objectContaining({ digest: DIGEST_A, manifest: MANIFEST_A }),
    );
    expect([...found.keys()]).toEqual([DIGEST_A]);
  });

  it('finds an image asked for by tag whatever tag of that image the answer echoes', async () => {
    const { ecr } = answering([
      { imageDigest: DIGEST_A, imageTag: 'latest', manifest: MANIFEST_A },
    ]);
    const found = await getManifests(ecr, 'repo', [{ imageTag: 'v1' }]);
    expect(found.get('v1')?.digest).toBe(DIGEST_A);
  });

  it('finds an image asked for by tag when the answer echoes only its digest', async () => {
    const { ecr } = answering([{ imageDigest: DIGEST_A, manifest: MANIFEST_A }]);
    const found = await getManifests(ecr, 'repo', [{ imageTag: 'v1' }]);
    expect(found.get('v1')?.digest).toBe(DIGEST_A);
  });

  it('keeps several tags apart, in whatever order the answer lists them', async () => {
    const { ecr } = answering(
      [
        { imageDigest: DIGEST_B, imageTag: 'two', manifest: MANIFEST_B },
        { imageDigest: DIGEST_A, imageTag: 'one', manifest: MANIFEST_A },
      ],
      [],
    );
    const found = await getManifests(ecr, 'repo', [
      { imageTag: 'one' },
      { imageTag: 'two' },
      { imageDigest: DIGEST_A },
    ]);
    expect(found.get('one')?.digest).toBe(DIGEST_A);
    expect(found.get('two')?.digest).toBe(DIGEST_B);
    expect(found.get(DIGEST_A)?.manifest).toBe(MANIFEST_A);
  });

  it('leaves out what the registry reports as not found', async () => {
    const { ecr } = answering(
      [{ imageDigest: DIGEST_A, imageTag: 'one', manifest: MANIFEST_A }],
      [
        {
          imageId: { imageTag: 'gone' },
          failureCode: 'ImageNotFound',
          failureReason: 'Requested image not found',
        },
      ],
    );
    const found = await getManifests(ecr, 'repo', [{ imageTag: 'one' }, { imageTag: 'gone' }]);
    expect([...found.keys()]).toEqual(['one']);
  });

  it('never pairs an image asked for by digest with an answer of another digest', async () => {
    const { ecr } = answering([{ imageDigest: DIGEST_B, imageTag: 'v1', manifest: MANIFEST_B }]);
    const found = await getManifests(ecr, 'repo', [{ imageDigest: DIGEST_A }]);
    expect(found.size).toBe(0);
  });
});
