import { Validations } from 'aws-cdk-lib';
import { type IConstruct } from 'constructs';

/** Metadata key under which every acknowledged cdk-nag finding is recorded (tests and notes list them). */
export const NAG_ACKNOWLEDGEMENT = 'aws-web-deploy:nag-acknowledgement';

export interface NagAcknowledgement {
  readonly id: string;
  readonly reason: string;
}

/**
 * Acknowledges a cdk-nag AwsSolutions finding on one construct, with the reason it is acceptable.
 * The reason is required (at least a sentence) and recorded as metadata so it can be listed.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (!/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/.test(id))
    throw new Error(`acknowledge: "${id}" is not an AwsSolutions rule id`);
  if (reason.trim().length < 20)
    throw new Error(`acknowledge ${id} at ${scope.node.path}: give the reason in a full sentence`);
  Validations.of(scope).acknowledge({ id, reason });
  scope.node.addMetadata(NAG_ACKNOWLEDGEMENT, { id, reason } satisfies NagAcknowledgement);
}
