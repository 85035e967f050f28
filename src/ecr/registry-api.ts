import { createClient, type AwsSettings } from '../core/aws-clients';
import type { ImageFacts, ImageManifest } from './images';
import type { RegistryLogin } from './registry-auth';
import type { DesiredSettings, RepositoryInfo } from './repository';

/** What build-push-ecr needs from ECR, private or public. Loads its SDK client on creation. */
export interface RegistryApi {
  kind: 'private' | 'public';
  requireRepository(name: string): Promise<RepositoryInfo>;
  ensureRepository(
    name: string,
    desired: DesiredSettings,
  ): Promise<{ repository: RepositoryInfo; changes: string[] }>;
  describeImage(
    repositoryName: string,
    id: { imageTag?: string; imageDigest?: string },
  ): Promise<ImageFacts | undefined>;
  login(): Promise<RegistryLogin>;
  /** Retagging without pulling (BatchGetImage + PutImage): private ECR only. */
  retag?: {
    getManifests(
      repositoryName: string,
      ids: { imageTag?: string; imageDigest?: string }[],
    ): Promise<Map<string, ImageManifest>>;
    tagImage(
      repositoryName: string,
      image: ImageManifest,
      tag: string,
    ): Promise<'tagged' | 'already'>;
  };
}

export async function privateRegistryApi(settings: AwsSettings): Promise<RegistryApi> {
  const { ECRClient } = await import('@aws-sdk/client-ecr');
  const repositories = await import('./repository');
  const images = await import('./images');
  const auth = await import('./registry-auth');
  const ecr = createClient(ECRClient, settings);
  return {
    kind: 'private',
    requireRepository: (name) => repositories.requireRepository(ecr, name),
    ensureRepository: (name, desired) => repositories.ensureRepository(ecr, name, desired),
    describeImage: (repositoryName, id) => images.describeImage(ecr, repositoryName, id),
    login: () => auth.getRegistryLogin(ecr),
    retag: {
      getManifests: (repositoryName, ids) => images.getManifests(ecr, repositoryName, ids),
      tagImage: (repositoryName, image, tag) => images.tagImage(ecr, repositoryName, image, tag),
    },
  };
}

/** ECR Public: its API lives in us-east-1 whatever the workflow's region. */
export async function publicRegistryApi(settings: AwsSettings): Promise<RegistryApi> {
  const { ECRPUBLICClient } = await import('@aws-sdk/client-ecr-public');
  const pub = await import('./public');
  const ecr = createClient(ECRPUBLICClient, { ...settings, region: 'us-east-1' });
  return {
    kind: 'public',
    requireRepository: (name) => pub.requirePublicRepository(ecr, name),
    ensureRepository: (name) => pub.ensurePublicRepository(ecr, name),
    describeImage: (repositoryName, id) => pub.describePublicImage(ecr, repositoryName, id),
    login: () => pub.getPublicRegistryLogin(ecr),
  };
}
