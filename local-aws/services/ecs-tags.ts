import { AwsError } from '../server/aws-error';
import { list, str, type Json } from './ecs-model';

/**
 * ECS resource tags (TagResource, UntagResource, ListTagsForResource, and the `tags` of
 * CreateService, RegisterTaskDefinition and CreateExpressGatewayService), by resource ARN.
 * AWS's limits: at most 50 tags a resource, keys 1-128 characters, values up to 256, no `aws:`
 * prefix.
 */
export class EcsTags {
  private readonly byArn = new Map<string, Map<string, string>>();

  constructor(private readonly exists: (arn: string) => boolean) {}

  /** Adds `tags` (a Tag[] of key/value) to `arn`, replacing the values of existing keys. */
  add(arn: string, tags: readonly Json[]): void {
    const current = new Map(this.byArn.get(arn) ?? []);
    for (const tag of tags) {
      const key = str(tag, 'key');
      const value = str(tag, 'value') ?? '';
      if (key === undefined || key.length === 0 || key.length > 128 || value.length > 256) {
        throw new AwsError(
          'InvalidParameterException',
          'Tag keys must be 1-128 characters and values at most 256.',
        );
      }
      if (key.toLowerCase().startsWith('aws:')) {
        throw new AwsError('InvalidParameterException', 'Tag keys cannot start with aws:.');
      }
      current.set(key, value);
    }
    if (current.size > 50) {
      throw new AwsError('InvalidParameterException', 'A resource can have at most 50 tags.');
    }
    this.byArn.set(arn, current);
  }

  list(arn: string): Json[] {
    return [...(this.byArn.get(arn) ?? [])].map(([key, value]) => ({ key, value }));
  }

  /** The TagResource / UntagResource / ListTagsForResource operations. */
  operations(): Record<string, (input: Json) => Json> {
    const resource = (input: Json): string => {
      const arn = str(input, 'resourceArn');
      if (arn === undefined || !arn.startsWith('arn:')) {
        throw new AwsError('InvalidParameterException', 'resourceArn must be an ARN.');
      }
      if (!this.exists(arn)) {
        throw new AwsError('ResourceNotFoundException', 'The specified resource was not found.');
      }
      return arn;
    };
    return {
      TagResource: (input) => {
        const tags = list(input, 'tags');
        if (tags.length === 0) {
          throw new AwsError('InvalidParameterException', 'tags must have at least 1 item.');
        }
        this.add(resource(input), tags);
        return {};
      },
      UntagResource: (input) => {
        const arn = resource(input);
        const current = this.byArn.get(arn);
        for (const key of list<string>(input, 'tagKeys')) current?.delete(key);
        return {};
      },
      ListTagsForResource: (input) => ({ tags: this.list(resource(input)) }),
    };
  }
}
