import type { FaultInjector } from './faults';
import type { RequestLog } from './request-log';
import type { Workloads } from '../runtime/workloads';

/** What every service of the stack shares. */
export interface StackContext {
  region: string;
  accountId: string;
  /** Loopback host the stack binds to. */
  host: string;
  /** The API endpoint (AWS_ENDPOINT_URL), known once the server listens. */
  endpoint(): string;
  /** A private folder for this stack's data (registry storage, certificates...). */
  dataDir: string;
  /** Timings (ms) by name; each service documents and defaults its own keys. */
  timing(name: string, fallback: number): number;
  faults: FaultInjector;
  requests: RequestLog;
  /** Running services (App Runner / ECS workloads answering HTTP on loopback). */
  workloads: Workloads;
  /** Per-service options passed to startLocalAws({ services: { name: {...} } }). */
  options(service: string): Record<string, unknown>;
  /** Other services, for cross-service behaviour (e.g. CloudFront reads S3). */
  service<T>(name: string): T | undefined;
}
