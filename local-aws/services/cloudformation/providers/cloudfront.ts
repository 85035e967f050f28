import {
  CreateDistributionCommand,
  GetDistributionCommand,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import { randomId } from '../model';
import { ResourceFailure, type ResourceProvider } from './provider';

type Props = Record<string, unknown>;

const RENAMED: Record<string, string> = {
  IPV6Enabled: 'IsIPV6Enabled',
  AcmCertificateArn: 'ACMCertificateArn',
  IamCertificateId: 'IAMCertificateId',
};

/**
 * CloudFormation's DistributionConfig as the API's: lists become `{Quantity, Items}`, a cache
 * behaviour's CachedMethods move inside its AllowedMethods, a few members are renamed.
 */
export function apiDistributionConfig(config: Props, callerReference: string): DistributionConfig {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return { Quantity: value.length, Items: value.map(convert) };
    if (value === null || typeof value !== 'object') return value;
    const out: Props = {};
    for (const [key, item] of Object.entries(value as Props))
      out[RENAMED[key] ?? key] = convert(item);
    if (out.AllowedMethods !== undefined && out.CachedMethods !== undefined) {
      (out.AllowedMethods as Props).CachedMethods = out.CachedMethods;
      delete out.CachedMethods;
    }
    return out;
  };
  const api = convert(config) as Props;
  for (const origin of ((api.Origins as Props | undefined)?.Items ?? []) as Props[]) {
    if (origin.S3OriginConfig !== undefined) {
      (origin.S3OriginConfig as Props).OriginAccessIdentity ??= '';
    }
  }
  if (api.Logging !== undefined)
    api.Logging = { Enabled: true, IncludeCookies: false, Prefix: '', ...(api.Logging as Props) };
  return { Comment: '', ...api, CallerReference: callerReference } as unknown as DistributionConfig;
}

const distribution: ResourceProvider = {
  replaceOn: [],
  async create(props, ctx) {
    const config = apiDistributionConfig(
      (props.DistributionConfig ?? {}) as Props,
      `${ctx.stackName}-${ctx.logicalId}-${randomId(8)}`,
    );
    const answer = await ctx.clients.cloudfront.send(
      new CreateDistributionCommand({ DistributionConfig: config }),
    );
    const id = answer.Distribution?.Id ?? '';
    // CloudFormation reports CREATE_COMPLETE once the distribution is Deployed.
    for (let attempt = 0; attempt < 1200; attempt += 1) {
      const { Distribution: current } = await ctx.clients.cloudfront.send(
        new GetDistributionCommand({ Id: id }),
      );
      if (current?.Status === 'Deployed') {
        return { physicalId: id, attributes: { Id: id, DomainName: current.DomainName } };
      }
      await ctx.sleep(100);
    }
    throw new ResourceFailure(`Distribution ${id} did not reach Deployed`);
  },
  // The local CloudFront has no UpdateDistribution / DeleteDistribution: changes are recorded
  // and a deleted distribution's edge keeps serving until the stack stops.
  delete: () => Promise.resolve(),
};

export const cloudFrontProviders: Record<string, ResourceProvider> = {
  'AWS::CloudFront::Distribution': distribution,
};
