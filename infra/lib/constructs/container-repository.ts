import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { checkIntegerRange, checkName } from '../props';

export interface ContainerRepositoryProps {
  /** Repository name, e.g. notes-api or shop/backend (build-push-ecr's `repository`). */
  readonly repositoryName: string;
  /** Keep only the N newest images (default 30). */
  readonly keepImages?: number;
  /** Tags can be overwritten (default true: build-push-ecr may move tags such as `latest`). */
  readonly mutableTags?: boolean;
}

/** ECR repository: scan on push, tag mutability, keep-last-N lifecycle, kept when the stack goes. */
export class ContainerRepository extends Construct {
  readonly repository: ecr.Repository;
  /** The repository's name as token (for references). */
  readonly repositoryName: string;
  /** The name as written in props (for lookups while synthesizing). */
  readonly name: string;

  constructor(scope: Construct, id: string, props: ContainerRepositoryProps) {
    super(scope, id);
    const name = 'ContainerRepository';
    checkName(
      name,
      'repositoryName',
      props.repositoryName,
      /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
      'lower-case letters, digits and . _ - /, at most 256 characters',
    );
    checkName(
      name,
      'repositoryName',
      props.repositoryName,
      /^.{2,256}$/,
      'from 2 to 256 characters',
    );
    checkIntegerRange(name, 'keepImages', props.keepImages, 1, 10000);
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      imageScanOnPush: true,
      imageTagMutability:
        props.mutableTags === false ? ecr.TagMutability.IMMUTABLE : ecr.TagMutability.MUTABLE,
      encryption: ecr.RepositoryEncryption.AES_256,
      lifecycleRules: [
        {
          description: `keep the ${props.keepImages ?? 30} newest images`,
          maxImageCount: props.keepImages ?? 30,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.repositoryName = this.repository.repositoryName;
    this.name = props.repositoryName;
  }
}
