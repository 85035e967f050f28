/**
 * Reading errors thrown by AWS SDK clients. A service error's `name` is AWS's error code
 * (`RepositoryNotFoundException`, `ParameterNotFound`...) and `$metadata.httpStatusCode` the HTTP
 * status of the response; these helpers read them from an `unknown` catch value without casts.
 */

/** The error code of an AWS SDK error (its `name`), or undefined for a value without one. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** Whether `error` is an AWS SDK error with one of these error codes. */
export function isAwsError(error: unknown, code: string, ...more: string[]): boolean {
  const name = awsErrorName(error);
  return name !== undefined && (name === code || more.includes(name));
}

/** The HTTP status AWS answered with, when the error came from a response. */
export function awsHttpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}
