import { cloudFrontProviders } from './cloudfront';
import { containerProviders } from './containers';
import { ecsProviders } from './ecs';
import type { ResourceProvider } from './provider';
import { recordedProviders } from './records';
import { storageProviders } from './storage';

/** Every resource type the local CloudFormation can create, run or record. */
export const providers: Record<string, ResourceProvider> = {
  ...storageProviders,
  ...containerProviders,
  ...ecsProviders,
  ...cloudFrontProviders,
  ...recordedProviders,
};

export function providerFor(type: string): ResourceProvider | undefined {
  return Object.prototype.hasOwnProperty.call(providers, type) ? providers[type] : undefined;
}
