import type { DistributionConfig } from '@aws-sdk/client-cloudfront';

/** A SPA distribution in front of an S3 bucket: index.html as root and as the 403/404 page. */
export function spaDistributionConfig(
  bucket: string,
  reference: string,
  aliases: string[] = [],
): DistributionConfig {
  return {
    CallerReference: reference,
    Comment: 'spa',
    Enabled: true,
    DefaultRootObject: 'index.html',
    Aliases: { Quantity: aliases.length, Items: aliases },
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 's3',
          DomainName: `${bucket}.s3.us-east-1.amazonaws.com`,
          S3OriginConfig: { OriginAccessIdentity: '' },
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: 's3',
      ViewerProtocolPolicy: 'redirect-to-https',
      MinTTL: 0,
      DefaultTTL: 86400,
      MaxTTL: 31536000,
      ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
    },
    CustomErrorResponses: {
      Quantity: 2,
      Items: [
        {
          ErrorCode: 403,
          ResponsePagePath: '/index.html',
          ResponseCode: '200',
          ErrorCachingMinTTL: 0,
        },
        {
          ErrorCode: 404,
          ResponsePagePath: '/index.html',
          ResponseCode: '200',
          ErrorCachingMinTTL: 0,
        },
      ],
    },
  };
}
