import { ConfigurationError } from './errors';
import { assertRegion, type InputReader } from './inputs';
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
}

/**
 * Client configuration: region, endpoint override, explicit retry mode and attempts, and a
 * user agent naming the bundle, its version and the action.
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

/** Builds a client with the shared configuration, e.g. `createClient(S3Client, settings, 's3')`. */
export function createClient<C>(
  Client: new (config: ClientConfig) => C,
  settings: AwsSettings,
  service?: 's3',
): C {
  const client = new Client(clientConfig(settings, service));
  nameFailedOperations(client);
  return client;
}

type MiddlewareContext = { clientName?: string; commandName?: string };
type Handler = (args: unknown) => Promise<unknown>;
interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (next: Handler, context: MiddlewareContext) => Handler,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Puts the service and operation (and the attempts the SDK made) in front of an error's message,
 * so an error after the SDK's last retry says which call failed: "S3 PutObject failed after 3
 * attempts: We encountered an internal error".
 */
export function nameFailedOperations(client: unknown): void {
  (client as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error) {
          const service = (context.clientName ?? '').replace(/Client$/, '');
          const operation = (context.commandName ?? '').replace(/Command$/, '');
          const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
          const after = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
          const reason = error.message === '' ? error.name : error.message;
          if (operation !== '') error.message = `${service} ${operation} failed${after}: ${reason}`;
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'nameFailedOperation' },
  );
}
