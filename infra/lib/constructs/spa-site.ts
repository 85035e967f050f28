import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { check, checkName } from '../props';

export interface SpaSiteProps {
  /** Bucket name (sync-spa-s3's `bucket`); default CloudFormation-generated. */
  readonly bucketName?: string;
  /**
   * Answer 403/404 with /index.html and 200 so client-side routes load (default true). Turn off
   * for static exports with one index.html per folder.
   */
  readonly spaFallback?: boolean;
  /** Custom domain names (aliases); needs certificateArn. */
  readonly domainNames?: readonly string[];
  /** ACM certificate for domainNames; CloudFront takes certificates from us-east-1 only. */
  readonly certificateArn?: string;
  /** CloudFront standard logs and S3 server access logs into a log bucket (default true). */
  readonly accessLogs?: boolean;
  /** Days the access logs are kept (default 90). */
  readonly logRetentionDays?: number;
  /** CloudFront price class (default PRICE_CLASS_100: North America and Europe). */
  readonly priceClass?: cloudfront.PriceClass;
}

/** Private S3 bucket behind CloudFront with Origin Access Control, SPA fallback and security headers. */
export class SpaSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly logBucket: s3.Bucket | undefined;
  /** https:// URL of the site: the first domain name, or the distribution's domain. */
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: SpaSiteProps = {}) {
    super(scope, id);
    const name = 'SpaSite';
    checkName(
      name,
      'bucketName',
      props.bucketName,
      /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      '3-63 lower-case letters, digits, dots and hyphens',
    );
    const domains = props.domainNames ?? [];
    check(
      name,
      'certificateArn',
      domains.length === 0 || props.certificateArn !== undefined,
      'is required when props.domainNames is set (CloudFront serves an alias only with its certificate)',
    );
    check(
      name,
      'domainNames',
      props.certificateArn === undefined || domains.length > 0,
      'is empty but props.certificateArn is set: name the domains the certificate covers',
    );
    checkName(
      name,
      'certificateArn',
      props.certificateArn,
      /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/,
      'CloudFront needs an ACM certificate in us-east-1 (arn:aws:acm:us-east-1:...)',
    );
    for (const domain of domains)
      checkName(
        name,
        'domainNames',
        domain,
        /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/,
        'a lower-case domain name such as www.example.com',
      );
    const logRetentionDays = props.logRetentionDays ?? 90;
    check(
      name,
      'logRetentionDays',
      Number.isInteger(logRetentionDays) && logRetentionDays >= 1,
      `is ${logRetentionDays}: use a whole number of days, 1 or more`,
    );
    const accessLogs = props.accessLogs ?? true;

    this.logBucket = accessLogs
      ? new s3.Bucket(this, 'LogBucket', {
          blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
          encryption: s3.BucketEncryption.S3_MANAGED,
          enforceSSL: true,
          // CloudFront standard logging writes with an ACL: the bucket must accept ACLs.
          objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
          lifecycleRules: [{ expiration: Duration.days(logRetentionDays) }],
          removalPolicy: RemovalPolicy.RETAIN,
        })
      : undefined;
    if (this.logBucket)
      acknowledge(
        this.logBucket,
        'AwsSolutions-S1',
        'This is the access-log bucket itself; logging it into itself would loop and another bucket only moves the question.',
      );

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...(props.bucketName ? { bucketName: props.bucketName } : {}),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(this.logBucket
        ? { serverAccessLogsBucket: this.logBucket, serverAccessLogsPrefix: 's3/' }
        : {}),
    });
    if (!this.logBucket)
      acknowledge(
        this.bucket,
        'AwsSolutions-S1',
        'Access logs were turned off with props.accessLogs: false; the site is public content served through CloudFront only.',
      );

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'HSTS, nosniff, frame options and referrer policy for the SPA',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
    const fallback = props.spaFallback ?? true;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'SPA site',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      errorResponses: fallback
        ? [403, 404].map((httpStatus) => ({
            httpStatus,
            responseHttpStatus: 200,
            responsePagePath: '/index.html',
            ttl: Duration.seconds(0),
          }))
        : [],
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      ...(domains.length > 0 && props.certificateArn
        ? {
            domainNames: [...domains],
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'Certificate',
              props.certificateArn,
            ),
          }
        : {}),
      ...(this.logBucket
        ? { enableLogging: true, logBucket: this.logBucket, logFilePrefix: 'cloudfront/' }
        : {}),
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'A public website: no country is blocked; add geoRestriction for a site that must be.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No AWS WAF web ACL: the origin is a private bucket of static files, and a web ACL costs a monthly fee; attach one with webAclId when the site needs it.',
    );
    if (domains.length === 0)
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without an alias CloudFront serves its default *.cloudfront.net certificate, whose protocol floor cannot be set; with domainNames the distribution requires TLS 1.2 (TLSv1.2_2021).',
      );
    if (!this.logBucket)
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR3',
        'Access logs were turned off with props.accessLogs: false.',
      );
    this.siteUrl = `https://${domains[0] ?? this.distribution.distributionDomainName}`;
  }
}
