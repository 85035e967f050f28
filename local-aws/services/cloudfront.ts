import { randomBytes } from 'node:crypto';
import { AwsError } from '../server/aws-error';
import {
  el,
  renderXml,
  requestId,
  sendXmlErrorResponse,
  xmlValue,
  xmlValues,
  type XmlNode,
} from '../server/protocols';
import type { ApiRequest, ApiResponse } from '../server/request';
import type { AwsService, ServiceFactory } from '../server/service';
import { Edge, type EdgeConfig } from './cloudfront-edge';
import type { S3Service } from './s3';

const XMLNS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const API = '/2020-05-31';
/** In-progress limits per distribution (AWS: 3,000 file paths and 15 wildcard paths). */
export const MAX_IN_PROGRESS_PATHS = 3000;
export const MAX_IN_PROGRESS_WILDCARDS = 15;

export interface LocalInvalidation {
  id: string;
  callerReference: string;
  paths: string[];
  createTime: Date;
  status: 'InProgress' | 'Completed';
}

export interface LocalDistribution {
  id: string;
  arn: string;
  domainName: string;
  callerReference: string;
  /** The DistributionConfig as the client sent it (inner XML), echoed back verbatim. */
  configXml: string;
  aliases: string[];
  comment: string;
  enabled: boolean;
  status: 'InProgress' | 'Deployed';
  lastModified: Date;
  etag: string;
  edge: Edge;
  edgeConfig: EdgeConfig;
  invalidations: LocalInvalidation[];
}

/** The CloudFront service's state handle for tests. */
export interface CloudFrontService extends AwsService {
  distributions(): LocalDistribution[];
  distribution(id: string): LocalDistribution | undefined;
  /** The loopback URL of a distribution's edge. */
  edgeUrl(id: string): string;
}

const id = (length: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
};

function block(xml: string, tag: string): string {
  return xmlValues(xml, tag)[0] ?? '';
}

/**
 * A member of a stored DistributionConfig as raw XML, else the value CloudFront reports when the
 * request left it out.
 */
function configMember(configXml: string, tag: string, fallback: string): string {
  const found = new RegExp(`<${tag}(?:\\s[^>]*)?>[\\s\\S]*?</${tag}>|<${tag}\\s*/>`).exec(
    configXml,
  );
  return found?.[0] ?? `<${tag}>${fallback}</${tag}>`;
}

/** The DistributionConfig members a DistributionSummary repeats (all required in its model). */
function summaryConfigXml(configXml: string): string {
  return [
    configMember(configXml, 'Origins', '<Quantity>0</Quantity>'),
    configMember(configXml, 'DefaultCacheBehavior', ''),
    configMember(configXml, 'CacheBehaviors', '<Quantity>0</Quantity>'),
    configMember(configXml, 'CustomErrorResponses', '<Quantity>0</Quantity>'),
    configMember(configXml, 'PriceClass', 'PriceClass_All'),
    configMember(
      configXml,
      'ViewerCertificate',
      '<CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate><SSLSupportMethod>vip</SSLSupportMethod><MinimumProtocolVersion>TLSv1</MinimumProtocolVersion><CertificateSource>cloudfront</CertificateSource>',
    ),
    configMember(
      configXml,
      'Restrictions',
      '<GeoRestriction><RestrictionType>none</RestrictionType><Quantity>0</Quantity></GeoRestriction>',
    ),
    configMember(configXml, 'WebACLId', ''),
    configMember(configXml, 'HttpVersion', 'http2'),
    configMember(configXml, 'IsIPV6Enabled', 'false'),
  ].join('');
}

function edgeConfigOf(configXml: string): EdgeConfig {
  const origin = xmlValues(block(configXml, 'Origins'), 'Origin')[0] ?? '';
  const domain = xmlValue(origin, 'DomainName') ?? '';
  const bucket = /^(.+?)\.s3[.-]/.exec(domain)?.[1];
  const behaviour = block(configXml, 'DefaultCacheBehavior');
  const num = (xml: string, tag: string, fallback: number): number => {
    const value = xmlValue(xml, tag);
    return value === undefined || value === '' ? fallback : Number(value);
  };
  const errorResponses: EdgeConfig['errorResponses'] = new Map();
  for (const item of xmlValues(block(configXml, 'CustomErrorResponses'), 'CustomErrorResponse')) {
    const pagePath = xmlValue(item, 'ResponsePagePath');
    const responseCode = xmlValue(item, 'ResponseCode');
    errorResponses.set(Number(xmlValue(item, 'ErrorCode')), {
      ...(pagePath !== undefined && pagePath !== '' ? { pagePath } : {}),
      ...(responseCode !== undefined && responseCode !== ''
        ? { responseCode: Number(responseCode) }
        : {}),
      cachingMinTtl: num(item, 'ErrorCachingMinTTL', 10),
    });
  }
  return {
    bucket,
    originPath: xmlValue(origin, 'OriginPath') ?? '',
    defaultRootObject: xmlValue(configXml, 'DefaultRootObject') ?? '',
    minTtl: num(behaviour, 'MinTTL', 0),
    defaultTtl: num(behaviour, 'DefaultTTL', 86_400),
    maxTtl: num(behaviour, 'MaxTTL', 31_536_000),
    errorResponses,
  };
}

/**
 * CloudFront (restXml, 2020-05-31): distributions with an S3 origin, each served by a real
 * caching edge on loopback, and invalidations that stay InProgress for `cloudfront.invalidation`
 * ms, then complete and purge the edge cache.
 */
export const createCloudFrontService: ServiceFactory = (context) => {
  const distributions = new Map<string, LocalDistribution>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const distributionOf = (distributionId: string): LocalDistribution => {
    const found = distributions.get(distributionId);
    if (found === undefined)
      throw new AwsError('NoSuchDistribution', 'The specified distribution does not exist.', 404);
    return found;
  };

  const distributionXml = (d: LocalDistribution, tag = 'Distribution'): string =>
    renderXml(
      el(
        tag,
        [
          el('Id', d.id),
          el('ARN', d.arn),
          el('Status', d.status),
          el('LastModifiedTime', d.lastModified.toISOString()),
          el(
            'InProgressInvalidationBatches',
            d.invalidations.filter((i) => i.status === 'InProgress').length,
          ),
          el('DomainName', d.domainName),
          el('DistributionConfig', '\u0000CONFIG\u0000'),
        ],
        { xmlns: XMLNS },
      ),
    ).replace('\u0000CONFIG\u0000', d.configXml);

  const summaryXml = (d: LocalDistribution): string =>
    renderXml(
      el('DistributionSummary', [
        el('Id', d.id),
        el('ARN', d.arn),
        el('Status', d.status),
        el('LastModifiedTime', d.lastModified.toISOString()),
        el('DomainName', d.domainName),
        el('Aliases', [
          el('Quantity', d.aliases.length),
          d.aliases.length > 0
            ? el(
                'Items',
                d.aliases.map((a) => el('CNAME', a)),
              )
            : undefined,
        ]),
        '\u0000CONFIG\u0000',
        el('Comment', d.comment),
        el('Enabled', d.enabled),
        el('Staging', false),
      ]),
    ).replace('\u0000CONFIG\u0000', summaryConfigXml(d.configXml));

  const invalidationNode = (i: LocalInvalidation): XmlNode =>
    el(
      'Invalidation',
      [
        el('Id', i.id),
        el('Status', i.status),
        el('CreateTime', i.createTime.toISOString()),
        el('InvalidationBatch', [
          el('Paths', [
            el('Quantity', i.paths.length),
            el(
              'Items',
              i.paths.map((p) => el('Path', p)),
            ),
          ]),
          el('CallerReference', i.callerReference),
        ]),
      ],
      { xmlns: XMLNS },
    );

  const sendText = (
    res: ApiResponse,
    text: string,
    status = 200,
    headers: Record<string, string> = {},
  ): void => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n${text}`;
    res.writeHead(status, {
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(body),
      'x-amz-request-id': requestId(),
      ...headers,
    });
    res.end(body);
  };

  async function createDistribution(req: ApiRequest, res: ApiResponse): Promise<void> {
    const xml = req.body.toString('utf8');
    const configXml = /<DistributionConfig[^>]*>([\s\S]*)<\/DistributionConfig>/.exec(xml)?.[1];
    if (configXml === undefined)
      throw new AwsError('MalformedInput', 'Unable to parse the DistributionConfig');
    const callerReference = xmlValue(configXml, 'CallerReference') ?? '';
    const existing = [...distributions.values()].find((d) => d.callerReference === callerReference);
    if (existing !== undefined) {
      throw new AwsError(
        'DistributionAlreadyExists',
        `The caller reference that you are using to create a distribution is associated with another distribution. Already exists: ${existing.id}`,
        409,
      );
    }
    const aliases = xmlValues(block(configXml, 'Aliases'), 'CNAME');
    for (const alias of aliases) {
      if ([...distributions.values()].some((d) => d.aliases.includes(alias))) {
        throw new AwsError(
          'CNAMEAlreadyExists',
          `One or more of the CNAMEs you provided are already associated with a different resource: ${alias}`,
          409,
        );
      }
    }
    const edgeConfig = edgeConfigOf(configXml);
    const distributionId = `E${id(13)}`;
    const distribution: LocalDistribution = {
      id: distributionId,
      arn: `arn:aws:cloudfront::${context.accountId}:distribution/${distributionId}`,
      domainName: `d${id(13).toLowerCase()}.cloudfront.net`,
      callerReference,
      configXml,
      aliases,
      comment: xmlValue(configXml, 'Comment') ?? '',
      enabled: xmlValue(configXml, 'Enabled') !== 'false',
      status: 'InProgress',
      lastModified: new Date(),
      etag: `E${id(12)}`,
      edge: new Edge(
        () => edgeConfig,
        () => context.service<S3Service>('s3'),
      ),
      edgeConfig,
      invalidations: [],
    };
    await distribution.edge.start(context.host);
    distributions.set(distributionId, distribution);
    later(context.timing('cloudfront.deploy', 1000), () => {
      distribution.status = 'Deployed';
    });
    sendText(res, distributionXml(distribution), 201, {
      location: `${context.endpoint()}${API}/distribution/${distributionId}`,
      etag: distribution.etag,
    });
  }

  function listDistributions(req: ApiRequest, res: ApiResponse): void {
    const all = [...distributions.values()];
    const marker = req.url.searchParams.get('Marker') ?? '';
    const maxItems = Number(req.url.searchParams.get('MaxItems') ?? 100);
    const start = marker === '' ? 0 : all.findIndex((d) => d.id === marker) + 1;
    const page = all.slice(start, start + maxItems);
    const truncated = start + maxItems < all.length;
    const head = renderXml([
      el('Marker', marker),
      truncated ? el('NextMarker', page[page.length - 1]?.id) : undefined,
      el('MaxItems', maxItems),
      el('IsTruncated', truncated),
      el('Quantity', page.length),
    ]);
    const items = page.length > 0 ? `<Items>${page.map(summaryXml).join('')}</Items>` : '';
    sendText(res, `<DistributionList xmlns="${XMLNS}">${head}${items}</DistributionList>`);
  }

  function createInvalidation(req: ApiRequest, res: ApiResponse, d: LocalDistribution): void {
    const xml = req.body.toString('utf8');
    const paths = xmlValues(block(xml, 'Items'), 'Path');
    const quantity = Number(xmlValue(xml, 'Quantity'));
    const callerReference = xmlValue(xml, 'CallerReference') ?? '';
    if (quantity !== paths.length) {
      throw new AwsError(
        'InconsistentQuantities',
        "The value of Quantity and the size of Items don't match.",
      );
    }
    if (paths.length === 0 || callerReference === '') {
      throw new AwsError(
        'MissingBody',
        'This operation requires a body. Ensure that the body is present and the Content-Type header is set.',
      );
    }
    for (const p of paths) {
      if (!p.startsWith('/') || p.slice(0, -1).includes('*')) {
        throw new AwsError(
          'InvalidArgument',
          `Your request contains one or more invalid invalidation paths: ${p}`,
        );
      }
    }
    const previous = d.invalidations.find((i) => i.callerReference === callerReference);
    if (previous !== undefined) {
      const same =
        previous.paths.length === paths.length &&
        [...paths].sort().join('\n') === [...previous.paths].sort().join('\n');
      if (!same) {
        throw new AwsError(
          'InvalidationBatchAlreadyExists',
          `Invalidation batch specified in the request already exists: ${previous.id}`,
          409,
        );
      }
      sendText(res, renderXml(invalidationNode(previous)), 201, {
        location: `${context.endpoint()}${API}/distribution/${d.id}/invalidation/${previous.id}`,
      });
      return;
    }
    const inProgress = d.invalidations
      .filter((i) => i.status === 'InProgress')
      .flatMap((i) => i.paths);
    const wildcards = (list: string[]): number => list.filter((p) => p.endsWith('*')).length;
    if (
      inProgress.length - wildcards(inProgress) + paths.length - wildcards(paths) >
        MAX_IN_PROGRESS_PATHS ||
      wildcards(inProgress) + wildcards(paths) > MAX_IN_PROGRESS_WILDCARDS
    ) {
      throw new AwsError(
        'TooManyInvalidationsInProgress',
        'Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.',
      );
    }
    const invalidation: LocalInvalidation = {
      id: `I${id(25)}`,
      callerReference,
      paths,
      createTime: new Date(),
      status: 'InProgress',
    };
    d.invalidations.unshift(invalidation);
    later(context.timing('cloudfront.invalidation', 2000), () => {
      invalidation.status = 'Completed';
      d.edge.invalidate(invalidation.paths);
    });
    sendText(res, renderXml(invalidationNode(invalidation)), 201, {
      location: `${context.endpoint()}${API}/distribution/${d.id}/invalidation/${invalidation.id}`,
    });
  }

  function listInvalidations(req: ApiRequest, res: ApiResponse, d: LocalDistribution): void {
    const marker = req.url.searchParams.get('Marker') ?? '';
    const maxItems = Number(req.url.searchParams.get('MaxItems') ?? 100);
    const start = marker === '' ? 0 : d.invalidations.findIndex((i) => i.id === marker) + 1;
    const page = d.invalidations.slice(start, start + maxItems);
    const truncated = start + maxItems < d.invalidations.length;
    const body = el(
      'InvalidationList',
      [
        el('Marker', marker),
        truncated ? el('NextMarker', page[page.length - 1]?.id) : undefined,
        el('MaxItems', maxItems),
        el('IsTruncated', truncated),
        el('Quantity', page.length),
        page.length > 0
          ? el(
              'Items',
              page.map((i) =>
                el('InvalidationSummary', [
                  el('Id', i.id),
                  el('CreateTime', i.createTime.toISOString()),
                  el('Status', i.status),
                ]),
              ),
            )
          : undefined,
      ],
      { xmlns: XMLNS },
    );
    sendText(res, renderXml(body));
  }

  const route = (
    req: ApiRequest,
  ): { operation: string; distributionId?: string; invalidationId?: string } => {
    const parts = req.url.pathname.replace(API, '').split('/').filter(Boolean);
    const [root, distributionId, sub, invalidationId] = parts;
    if (root !== 'distribution') return { operation: 'Unknown' };
    const ids = {
      ...(distributionId !== undefined ? { distributionId } : {}),
      ...(invalidationId !== undefined ? { invalidationId } : {}),
    };
    if (distributionId === undefined)
      return { operation: req.method === 'POST' ? 'CreateDistribution' : 'ListDistributions' };
    if (sub === undefined) return { operation: 'GetDistribution', ...ids };
    if (sub === 'config') return { operation: 'GetDistributionConfig', ...ids };
    if (sub === 'invalidation') {
      if (invalidationId !== undefined) return { operation: 'GetInvalidation', ...ids };
      return {
        operation: req.method === 'POST' ? 'CreateInvalidation' : 'ListInvalidations',
        ...ids,
      };
    }
    return { operation: 'Unknown' };
  };

  const service: CloudFrontService = {
    signingNames: ['cloudfront'],
    operationOf: (req) => route(req).operation,
    sendError: (res, error) => sendXmlErrorResponse(res, error, XMLNS),
    async handle(req, res) {
      const { operation, distributionId = '', invalidationId = '' } = route(req);
      switch (operation) {
        case 'CreateDistribution':
          return createDistribution(req, res);
        case 'ListDistributions':
          return listDistributions(req, res);
        case 'GetDistribution': {
          const d = distributionOf(distributionId);
          return sendText(res, distributionXml(d), 200, { etag: d.etag });
        }
        case 'GetDistributionConfig': {
          const d = distributionOf(distributionId);
          return sendText(
            res,
            `<DistributionConfig xmlns="${XMLNS}">${d.configXml}</DistributionConfig>`,
            200,
            { etag: d.etag },
          );
        }
        case 'CreateInvalidation':
          return createInvalidation(req, res, distributionOf(distributionId));
        case 'ListInvalidations':
          return listInvalidations(req, res, distributionOf(distributionId));
        case 'GetInvalidation': {
          const found = distributionOf(distributionId).invalidations.find(
            (i) => i.id === invalidationId,
          );
          if (found === undefined)
            throw new AwsError(
              'NoSuchInvalidation',
              'The specified invalidation does not exist.',
              404,
            );
          return sendText(res, renderXml(invalidationNode(found)));
        }
        default:
          throw new AwsError(
            'InvalidAction',
            `The local stack does not implement CloudFront ${req.method} ${req.url.pathname}`,
          );
      }
    },
    async control(subpath, _req, res) {
      if (subpath !== 'edges') return false;
      const edges = Object.fromEntries(
        [...distributions.values()].map((d) => [d.id, { url: d.edge.url, aliases: d.aliases }]),
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(edges));
      return true;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([...distributions.values()].map((d) => d.edge.stop()));
    },
    distributions: () => [...distributions.values()],
    distribution: (distributionId) => distributions.get(distributionId),
    edgeUrl: (distributionId) => distributionOf(distributionId).edge.url,
  };
  return service;
};
