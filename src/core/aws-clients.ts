import { describeFailures, type MiddlewareStackLike } from './aws-failures';
import { ConfigurationError } from './errors';
import { assertRegion, type InputReader } from './inputs';
import { proxyAgentOptions } from './proxy';
import { BUNDLE_NAME, BUNDLE_VERSION } from './version';

/** Settings every AWS client of an action shares. */
export interface AwsSettings {
  region: string;
  /** Endpoint override from the `endpoint-url` input; the SDK also honours AWS_ENDPOINT_URL*. */
  endpoint?: string;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
  /** The action, named in the user agent. */
  action: string;
}

/**
 * Reads the shared inputs: aws-region (else AWS_REGION, else AWS_DEFAULT_REGION), endpoint-url,
 * max-attempts, retry-mode. Every error names the input (or variable) to fix.
 */
export function readAwsSettings(inputs: InputReader, action: string): AwsSettings {
  const region = inputs.region('aws-region') ?? regionFromEnvironment();
  if (region === undefined) {
    throw new ConfigurationError(
      'no AWS region: set the aws-region input, or AWS_REGION (aws-actions/configure-aws-credentials sets it)',
      'aws-region',
    );
  }
  const endpoint = inputs.matching(
    'endpoint-url',
    /^https?:\/\/[^\s/]+(\/\S*)?$/,
    'an http(s) URL such as https://s3.example.com',
  );
  return {
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    maxAttempts: inputs.integer('max-attempts', 5, { min: 1, max: 20 }),
    retryMode: inputs.oneOf('retry-mode', ['standard', 'adaptive'], 'standard'),
    action,
  };
}

function regionFromEnvironment(): string | undefined {
  for (const variable of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = process.env[variable]?.trim();
    if (value !== undefined && value !== '') {
      assertRegion(variable, value);
      return value;
    }
  }
  return undefined;
}

/** The configuration object every SDK v3 client constructor accepts. */
export interface ClientConfig {
  region: string;
  endpoint?: string;
  maxAttempts: number;
  retryMode: string;
  customUserAgent: [string, string][];
  forcePathStyle?: boolean;
  /** Options of the SDK's http(s) agents: set when HTTPS_PROXY / HTTP_PROXY is (see proxy.ts). */
  requestHandler?: {
    httpAgent: { proxyEnv?: Record<string, string> };
    httpsAgent: { proxyEnv?: Record<string, string> };
  };
}

/**
 * Client configuration: region, endpoint override, explicit retry mode and attempts, a user
 * agent naming the bundle, its version and the action, and the forward proxy when one is set.
 */
export function clientConfig(settings: AwsSettings, service?: 's3'): ClientConfig {
  const config: ClientConfig = {
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    customUserAgent: [
      [BUNDLE_NAME, BUNDLE_VERSION],
      ['action', settings.action],
    ],
  };
  if (settings.endpoint !== undefined) config.endpoint = settings.endpoint;
  const proxy = proxyAgentOptions();
  if (proxy.proxyEnv !== undefined) config.requestHandler = { httpAgent: proxy, httpsAgent: proxy };
  if (service === 's3' && hasEndpointOverride(settings, 'S3')) {
    // S3-compatible endpoints (MinIO, proxies, local stacks) are reached by path-style URLs:
    // virtual-hosted names such as bucket.host do not resolve outside AWS's own DNS.
    config.forcePathStyle = true;
  }
  return config;
}

function hasEndpointOverride(settings: AwsSettings, serviceEnv: string): boolean {
  return (
    settings.endpoint !== undefined ||
    Boolean(process.env.AWS_ENDPOINT_URL) ||
    Boolean(process.env[`AWS_ENDPOINT_URL_${serviceEnv}`])
  );
}

/**
 * Builds a client with the shared configuration, e.g. `createClient(S3Client, settings, 's3')`.
 * Its errors name the operation, HTTP status, endpoint host and request id (./aws-failures.ts), and how many attempts the SDK made.
 */
export function createClient<C>(
  Client: new (config: ClientConfig) => C,
  settings: AwsSettings,
  service?: 's3',
): C {
  return describingFailures(new Client(clientConfig(settings, service)));
}

/**
 * Gives a client built elsewhere (sync-spa-s3's own S3 clients) the error descriptions every
 * client of createClient has: the operation, attempts, HTTP status, endpoint host and request id.
 */
export function describingFailures<C>(client: C): C {
  // Every SDK v3 client has a middleware stack; its overloaded typing is narrowed here.
  const stack = (client as { middlewareStack?: MiddlewareStackLike }).middlewareStack;
  if (stack !== undefined) describeFailures(stack);
  return client;
}
