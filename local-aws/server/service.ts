import type { AwsError } from './aws-error';
import type { ApiRequest, ApiResponse } from './request';
import type { StackContext } from './stack-context';

/** One AWS service of the local stack, answering the requests signed for it. */
export interface AwsService {
  /** SigV4 signing names routed here (credential scope), e.g. ['s3'] or ['ecr']. */
  readonly signingNames: readonly string[];
  /** The operation name a request maps to (for the request log and fault rules). */
  operationOf(req: ApiRequest): string;
  /** Answers the request, or throws an AwsError that sendError renders. */
  handle(req: ApiRequest, res: ApiResponse): Promise<void>;
  /** Renders an error in this service's protocol. */
  sendError(res: ApiResponse, error: AwsError): void;
  /**
   * Test and demo controls under /_local/<name>/... (e.g. mark an image unhealthy). Return false
   * when the path is not one of this service's controls.
   */
  control?(subpath: string, req: ApiRequest, res: ApiResponse): Promise<boolean>;
  /** Releases what the service started (child processes, servers). */
  close?(): Promise<void>;
}

/** Builds a service once the stack's shared context exists. */
export type ServiceFactory = (context: StackContext) => AwsService | Promise<AwsService>;
