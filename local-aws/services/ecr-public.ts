import { AwsError } from '../server/aws-error';
import { jsonService } from '../server/protocols';
import type { ServiceFactory } from '../server/service';
import type { EcrService } from './ecr';
import {
  imageDetail,
  imageIdText,
  invalidImageId,
  readImageIds,
  type ImageRecord,
} from './ecr/images';
import type { EcrRepository } from './ecr/state';

/**
 * ECR Public (awsJson1_1, target prefix SpencerFrontendService, signing name ecr-public):
 * GetAuthorizationToken, CreateRepository, DescribeRepositories, DescribeImages. Its
 * repositories live in the ECR service's registry under `<alias>/<name>` (the registry alias,
 * option `alias`, default `local`), as public.ecr.aws/<alias>/<name> does.
 */
export const createEcrPublicService: ServiceFactory = (context) => {
  const alias = String(context.options('ecr-public').alias ?? 'local');
  const ecr = (): EcrService => {
    const service = context.service<EcrService>('ecr');
    if (service === undefined) {
      throw new AwsError(
        'ServerException',
        'ECR Public in the local stack needs the ecr service',
        500,
      );
    }
    return service;
  };
  const find = (name: unknown): EcrRepository => {
    const state = ecr().state;
    const valid = state.validateName(name);
    const repository = state.publicRepositories.get(`${alias}/${valid}`);
    if (repository === undefined) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${valid}' does not exist in the registry with id '${state.registryId}'`,
      );
    }
    return repository;
  };
  const publicName = (repository: EcrRepository): string => repository.name.slice(alias.length + 1);
  const shape = (repository: EcrRepository): Record<string, unknown> => {
    const service = ecr();
    return {
      repositoryArn: repository.arn,
      registryId: service.state.registryId,
      repositoryName: publicName(repository),
      repositoryUri: `${service.registryHost ?? 'public.ecr.aws'}/${repository.name}`,
      createdAt: repository.createdAt.getTime() / 1000,
    };
  };

  return jsonService({
    signingNames: ['ecr-public'],
    targetPrefix: 'SpencerFrontendService',
    protocol: '1.1',
    operations: {
      GetAuthorizationToken: () => {
        const { password, expiresAt } = ecr().state.issueToken();
        return {
          authorizationData: {
            authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
            expiresAt: expiresAt.getTime() / 1000,
          },
        };
      },
      CreateRepository: (input) => {
        const state = ecr().state;
        const name = state.validateName(input.repositoryName);
        const path = `${alias}/${name}`;
        if (state.publicRepositories.has(path)) {
          throw new AwsError(
            'RepositoryAlreadyExistsException',
            `The repository with name '${name}' already exists in the registry with id '${state.registryId}'`,
          );
        }
        const repository = state.create(
          path,
          `arn:aws:ecr-public::${state.registryId}:repository/${name}`,
        );
        state.publicRepositories.set(path, repository);
        return { repository: shape(repository), catalogData: {} };
      },
      DescribeRepositories: (input) => {
        const names = input.repositoryNames;
        const repositories = Array.isArray(names)
          ? names.map(find)
          : [...ecr().state.publicRepositories.values()];
        return { repositories: repositories.map(shape) };
      },
      DescribeImages: async (input) => {
        const repository = find(input.repositoryName);
        const service = ecr();
        const ids = readImageIds(input.imageIds, false);
        let found: ImageRecord[] = [];
        if (ids === undefined) {
          found = await service.images.list(repository);
        } else {
          for (const id of ids) {
            const invalid = invalidImageId(id);
            if (invalid !== undefined)
              throw new AwsError('InvalidParameterException', invalid.reason);
            const image = await service.images.find(repository, id);
            if (image === undefined || image === 'mismatch') {
              throw new AwsError(
                'ImageNotFoundException',
                `The image with imageId ${imageIdText(id)} does not exist within the repository with name '${publicName(repository)}' in the registry with id '${service.state.registryId}'`,
              );
            }
            found.push(image);
          }
        }
        return {
          imageDetails: found.map((image) =>
            imageDetail(service.state.registryId, publicName(repository), image),
          ),
        };
      },
    },
  });
};
